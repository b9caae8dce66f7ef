/** Hands the console's stores to components, and the narrow selector hooks they read them with. */
import { createContext, useContext, type ReactNode } from 'react'
import { useStore } from 'zustand'
import type { AlertsState } from './alerts-store'
import type { ConnectionStoreState } from './connection-store'
import type { ConsoleStores } from './console-stores'
import type { CopyLagState } from './copy-lag-store'
import type { DialogsState } from './dialogs-store'
import type { EventsState } from './events-store'
import type { NoticesState } from './notices-store'
import type { TabsState } from './tabs-store'
import type { TreeState } from './tree-store'

const StoresContext = createContext<ConsoleStores | null>(null)

/** Provides the stores to the component tree. */
export function StoresProvider({ stores, children }: { stores: ConsoleStores; children: ReactNode }) {
  return <StoresContext value={stores}>{children}</StoresContext>
}

/** The console's stores (for actions and cross-feature operations). */
export function useStores(): ConsoleStores {
  const stores = useContext(StoresContext)
  if (stores === null) throw new Error('useStores() needs a <StoresProvider> above it.')
  return stores
}

/** Reads the tree store through a selector. */
export function useTreeStore<T>(selector: (state: TreeState) => T): T {
  return useStore(useStores().tree, selector)
}

/** Reads the tabs store through a selector. */
export function useTabsStore<T>(selector: (state: TabsState) => T): T {
  return useStore(useStores().tabs, selector)
}

/** Reads the events store through a selector. */
export function useEventsStore<T>(selector: (state: EventsState) => T): T {
  return useStore(useStores().events, selector)
}

/** Reads the alerts store (the Alerts view) through a selector. */
export function useAlertsStore<T>(selector: (state: AlertsState) => T): T {
  return useStore(useStores().alerts, selector)
}

/** Reads the dialogs store through a selector. */
export function useDialogsStore<T>(selector: (state: DialogsState) => T): T {
  return useStore(useStores().dialogs, selector)
}

/** Reads the connection store through a selector. */
export function useConnectionStore<T>(selector: (state: ConnectionStoreState) => T): T {
  return useStore(useStores().connection, selector)
}

/** Reads the notices store through a selector. */
export function useNoticesStore<T>(selector: (state: NoticesState) => T): T {
  return useStore(useStores().notices, selector)
}

/** Reads the copy lag charts' store through a selector. */
export function useCopyLagStore<T>(selector: (state: CopyLagState) => T): T {
  return useStore(useStores().copyLag, selector)
}
