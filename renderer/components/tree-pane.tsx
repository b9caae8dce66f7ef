/** The left pane: the "CommCell Browser" title over the tree, resizable with the splitter beside it. */
import Box from '@mui/material/Box'
import { useCallback, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react'
import { layout } from '../theme'
import { CommCellTree } from './commcell-tree'

const clampWidth = (width: number): number => Math.max(layout.treeMinWidth, Math.min(layout.treeMaxWidth, width))

/** The tree pane and its splitter. */
export function TreePane() {
  const [width, setWidth] = useState<number>(layout.treeWidth)
  const drag = useRef<{ startX: number; startWidth: number } | null>(null)

  const onPointerDown = useCallback(
    (event: PointerEvent<HTMLDivElement>) => {
      drag.current = { startX: event.clientX, startWidth: width }
      event.currentTarget.setPointerCapture(event.pointerId)
    },
    [width],
  )
  const onPointerMove = useCallback((event: PointerEvent<HTMLDivElement>) => {
    if (drag.current === null) return
    setWidth(clampWidth(drag.current.startWidth + event.clientX - drag.current.startX))
  }, [])
  const onPointerUp = useCallback(() => {
    drag.current = null
  }, [])
  const onKeyDown = useCallback((event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      event.preventDefault()
      setWidth((current) => clampWidth(current + (event.key === 'ArrowRight' ? 16 : -16)))
    }
  }, [])

  return (
    <>
      <Box
        component="section"
        aria-label="CommCell Browser pane"
        sx={{ width, flexShrink: 0, display: 'flex', flexDirection: 'column', minHeight: 0, bgcolor: 'console.pane' }}
      >
        <Box
          sx={{
            height: layout.tabHeight,
            flexShrink: 0,
            display: 'flex',
            alignItems: 'center',
            px: 3,
            fontWeight: 600,
            bgcolor: 'console.chrome',
            borderBottom: 1,
            borderColor: 'console.chromeBorder',
          }}
        >
          CommCell Browser
        </Box>
        <CommCellTree />
      </Box>
      <Box
        role="separator"
        aria-orientation="vertical"
        aria-label="Resize the CommCell Browser"
        aria-valuemin={layout.treeMinWidth}
        aria-valuemax={layout.treeMaxWidth}
        aria-valuenow={width}
        tabIndex={0}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onKeyDown={onKeyDown}
        sx={{
          width: layout.splitterWidth,
          flexShrink: 0,
          cursor: 'col-resize',
          bgcolor: 'console.chrome',
          borderLeft: 1,
          borderRight: 1,
          borderColor: 'console.chromeBorder',
          outline: 'none',
          '&:hover, &:focus-visible': { bgcolor: 'console.selection' },
        }}
      />
    </>
  )
}
