/**
 * The charts, loaded when first shown: MUI X Charts is a large part of the renderer, and the console opens (tree,
 * lists, menus) without waiting for it. Each chart's module is fetched once; until it arrives its place stays empty.
 */
import { lazy, Suspense, type ComponentProps } from 'react'

const CopyLagPanelModule = lazy(() => import('./copy-lag-chart').then((module) => ({ default: module.CopyLagPanel })))
const LibraryStorageChartModule = lazy(() => import('./library-storage-chart').then((module) => ({ default: module.LibraryStorageChart })))

/** A secondary copy's or storage policy's copy lag chart (see `copy-lag-chart.tsx`). */
export function CopyLagPanel(props: ComponentProps<typeof CopyLagPanelModule>) {
  return (
    <Suspense fallback={null}>
      <CopyLagPanelModule {...props} />
    </Suspense>
  )
}

/** A library's storage use chart (see `library-storage-chart.tsx`). */
export function LibraryStorageChart(props: ComponentProps<typeof LibraryStorageChartModule>) {
  return (
    <Suspense fallback={null}>
      <LibraryStorageChartModule {...props} />
    </Suspense>
  )
}
