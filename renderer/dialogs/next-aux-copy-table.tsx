/**
 * Auxiliary Copy Job Options > To Be Copied: what this aux copy would copy to each copy it covers (All Copies, or the
 * one chosen), before OK: jobs, size and an estimated time from the latest aux copies to that copy.
 */
import Box from '@mui/material/Box'
import Tooltip from '@mui/material/Tooltip'
import Typography from '@mui/material/Typography'
import type { NextAuxCopy } from '../../app/model/next-aux-copy'
import { formatBytes, formatCell } from '../format/cell-format'
import { deferredText, estimateBasis, estimateText, formatEstimate } from '../format/next-aux-copy-format'
import type { AuxCopyNext } from '../stores/aux-copy-dialog-store'

const cellSx = { textAlign: 'left', px: 1, py: 0.5, borderBottom: 1, borderColor: 'console.border', fontSize: 13, verticalAlign: 'top' } as const

/** The covered copies' figures, with a total line when there are several. */
export function NextAuxCopyTable({ next, covered }: { next: AuxCopyNext | null; covered: readonly NextAuxCopy[] }) {
  if (next === null) return null
  if (next.status === 'loading') {
    return <Typography variant="body2" color="text.secondary">Reading what this aux copy would copy…</Typography>
  }
  if (next.status === 'error') {
    return <Typography variant="body2" color="error">{`What this aux copy would copy could not be read: ${next.error}`}</Typography>
  }
  if (covered.length === 0) {
    return <Typography variant="body2" color="text.secondary">Select a copy to see what would be copied to it.</Typography>
  }
  const estimated = covered.every((copy) => copy.jobs === 0 || copy.estimate !== null)
  const total = {
    jobs: covered.reduce((sum, copy) => sum + copy.jobs, 0),
    bytes: covered.reduce((sum, copy) => sum + copy.bytes, 0),
    seconds: covered.reduce((sum, copy) => sum + (copy.estimate?.seconds ?? 0), 0),
  }
  return (
    <Box component="table" aria-label="To Be Copied by this aux copy" sx={{ width: '100%', borderCollapse: 'collapse', '& th': { ...cellSx, fontWeight: 600 }, '& thead th': { bgcolor: 'console.header' }, '& tbody th': { fontWeight: 400 }, '& td': cellSx }}>
      <thead>
        <tr>
          <th scope="col">Copy</th>
          <th scope="col">Jobs</th>
          <th scope="col">Size</th>
          <th scope="col">Estimated Time</th>
        </tr>
      </thead>
      <tbody>
        {covered.map((copy) => {
          const deferred = deferredText(copy)
          return (
            <tr key={copy.copyId}>
              <th scope="row">{copy.copy}</th>
              <td>
                {formatCell(copy.jobs, 'number')}
                {deferred !== '' && <Typography component="div" variant="caption" color="text.secondary">{deferred}</Typography>}
              </td>
              <td>{formatBytes(copy.bytes)}</td>
              <td>
                <Tooltip title={estimateBasis(copy)} placement="top-start" describeChild>
                  <span>{estimateText(copy)}</span>
                </Tooltip>
              </td>
            </tr>
          )
        })}
        {covered.length > 1 && (
          <tr>
            <th scope="row">Total (one copy after the other)</th>
            <td>{formatCell(total.jobs, 'number')}</td>
            <td>{formatBytes(total.bytes)}</td>
            <td>{total.jobs === 0 ? 'Nothing to copy' : estimated ? formatEstimate(total.seconds) : ''}</td>
          </tr>
        )}
      </tbody>
    </Box>
  )
}
