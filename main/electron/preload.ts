/**
 * The Electron preload (sandboxed, context-isolated): exposes `window.commcell` and nothing else. A sandboxed
 * preload can only require `electron`; everything else here is bundled or type-only.
 */
import { contextBridge, ipcRenderer } from 'electron'
import { createConsoleApi } from './console-bridge'

contextBridge.exposeInMainWorld('commcell', createConsoleApi(ipcRenderer))
