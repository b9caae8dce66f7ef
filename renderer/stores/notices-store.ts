/** The messages shown to the user in a snackbar: failed commands and other notices, oldest first. */
import { createStore, type StoreApi } from 'zustand/vanilla'

/** How a notice is shown. */
export type NoticeSeverity = 'error' | 'warning' | 'info' | 'success'

/** One message for the user. */
export interface Notice {
  readonly id: number
  readonly message: string
  readonly severity: NoticeSeverity
}

/** The notices state and its actions. */
export interface NoticesState {
  readonly notices: readonly Notice[]
  /** Adds a notice (a repeat of the last one is dropped, so a burst of failures shows once). */
  push(message: string, severity?: NoticeSeverity): void
  /** Removes a notice once the user closed it or it timed out. */
  dismiss(id: number): void
}

/** Creates the notices store. */
export function createNoticesStore(): StoreApi<NoticesState> {
  let nextId = 1
  return createStore<NoticesState>()((set) => ({
    notices: [],
    push: (message, severity = 'error') =>
      set((state) => {
        const last = state.notices.at(-1)
        if (last !== undefined && last.message === message && last.severity === severity) return state
        return { notices: [...state.notices, { id: nextId++, message, severity }].slice(-5) }
      }),
    dismiss: (id) => set((state) => ({ notices: state.notices.filter((notice) => notice.id !== id) })),
  }))
}
