/**
 * A secondary copy's next aux copy, above its list: `Next aux copy: 3 jobs, 1.2 GB, about 2 min` (`auxcopy:estimate`
 * for the copy, one request per view), with where the estimate comes from on hover. Nothing for a copy no aux copy
 * writes (the primary copy, an inactive copy).
 */
import Box from '@mui/material/Box'
import Tooltip from '@mui/material/Tooltip'
import Typography from '@mui/material/Typography'
import { useEffect, type ComponentPropsWithRef } from 'react'
import { useStore } from 'zustand'
import { estimateBasis, nextAuxCopyLine } from '../format/next-aux-copy-format'
import { useStores } from '../stores/stores-context'

/** The next aux copy of a copy of a policy; loads on show and whenever `reloadKey` changes (the list below reloaded). */
export function NextAuxCopyLine({ storagePolicyId, copyId, reloadKey }: { storagePolicyId: number; copyId: number; reloadKey: unknown }) {
  const stores = useStores()
  const view = useStore(stores.nextAuxCopy, (state) => (state.view?.copyId === copyId ? state.view : null))
  useEffect(() => {
    void stores.nextAuxCopy.getState().load(storagePolicyId, copyId)
  }, [stores, storagePolicyId, copyId, reloadKey])
  const next = view?.data ?? null
  if (view?.status === 'error') {
    return <Line text={`Next aux copy: could not be read (${view.error})`} />
  }
  if (next === null) return null
  return (
    <Tooltip title={estimateBasis(next)} placement="bottom-start" describeChild>
      <Line text={nextAuxCopyLine(next)} />
    </Tooltip>
  )
}

/** The line itself (the tooltip hands it its listeners and ref). */
function Line({ text, ...rest }: { text: string } & ComponentPropsWithRef<'div'>) {
  return (
    <Box role="region" aria-label="Next aux copy" {...rest} sx={{ px: 1.5, py: 0.5, borderBottom: 1, borderColor: 'divider', flexShrink: 0 }}>
      <Typography variant="body2">{text}</Typography>
    </Box>
  )
}
