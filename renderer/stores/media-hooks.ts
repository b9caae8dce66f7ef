/** Selector hooks for the stores of the tape media dialogs. */
import { useStore } from 'zustand'
import type { AddMediaState } from './add-media-store'
import type { LibraryPropertiesState } from './library-properties-store'
import type { MediaState } from './media-store'
import { useStores } from './stores-context'

/** Reads the media dialogs store (View Contents, View Media, Mark Bad) through a selector. */
export function useMediaStore<T>(selector: (state: MediaState) => T): T {
  return useStore(useStores().media, selector)
}

/** Reads the Add Media store through a selector. */
export function useAddMediaStore<T>(selector: (state: AddMediaState) => T): T {
  return useStore(useStores().addMedia, selector)
}

/** Reads the Library Properties store through a selector. */
export function useLibraryPropertiesStore<T>(selector: (state: LibraryPropertiesState) => T): T {
  return useStore(useStores().libraryProperties, selector)
}
