import type { ConsoleApi } from '../../app/ipc/contract'

declare global {
  interface Window {
    /** The console api: set by the Electron preload, or by `main.tsx` over the browser-mode WebSocket. */
    commcell?: ConsoleApi
  }
}

export {}
