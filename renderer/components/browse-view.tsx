/**
 * The Browse and Restore tab: what View Content found (the backup job shown, the copy read), a folder tree and the
 * open folder's files and folders, each with a check box; Recover All Selected opens the Restore Options. State lives
 * in the browse store; this only shows it.
 */
import ChevronRightIcon from '@mui/icons-material/ChevronRight'
import ExpandMoreIcon from '@mui/icons-material/ExpandMore'
import FolderIcon from '@mui/icons-material/Folder'
import InsertDriveFileOutlinedIcon from '@mui/icons-material/InsertDriveFileOutlined'
import LinkIcon from '@mui/icons-material/Link'
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Checkbox from '@mui/material/Checkbox'
import CircularProgress from '@mui/material/CircularProgress'
import { useMemo, useRef, useState, type KeyboardEvent } from 'react'
import type { BrowseEntry } from '../../app/model/browse'
import type { ContentsColumn, ContentsRow } from '../../app/model/contents'
import { formatCell, formatDateTime, nextSort, sortRows, type SortState } from '../format/cell-format'
import { isChecked, isPartlyChecked, parentOf, type BrowseSession } from '../stores/browse-store'
import { useBrowseStore } from '../stores/job-hooks'
import { useStores } from '../stores/stores-context'
import { RestoreOptionsDialog } from '../dialogs/restore-options-dialog'
import { VirtualTable, type CellRenderer } from './virtual-table'

const columns: readonly ContentsColumn[] = [
  { key: 'name', label: 'Name', format: 'text' },
  { key: 'size', label: 'Size', format: 'bytes' },
  { key: 'type', label: 'Type', format: 'text' },
  { key: 'modified', label: 'Modified Time', format: 'datetime' },
]

/** Fixed widths for the figures, so the name takes what is left and the time is never cut. */
const widths = { size: { track: '110px', min: 110 }, type: { track: '110px', min: 110 }, modified: { track: '190px', min: 190 } } as const

const typeNames: Readonly<Record<BrowseEntry['kind'], string>> = { folder: 'Folder', file: 'File', link: 'Symbolic link' }

/** A stored path as the administrator knows it (`/srv/data`). */
const shown = (path: string) => `/${path}`

function EntryIcon({ kind }: { kind: BrowseEntry['kind'] }) {
  const sx = { fontSize: 16, mr: 1, verticalAlign: 'text-bottom' } as const
  if (kind === 'folder') return <FolderIcon aria-hidden sx={{ ...sx, color: 'console.iconFolder' }} />
  if (kind === 'link') return <LinkIcon aria-hidden sx={{ ...sx, color: 'console.muted' }} />
  return <InsertDriveFileOutlinedIcon aria-hidden sx={{ ...sx, color: 'console.muted' }} />
}

/** One visible folder of the tree, in display order. */
interface TreeLine {
  readonly path: string
  readonly name: string
  readonly level: number
  readonly expandable: boolean
  readonly expanded: boolean
}

/** The tree's visible folders: the root, then each open folder's folders under it. */
function treeLines(session: BrowseSession): TreeLine[] {
  const lines: TreeLine[] = []
  const expanded = new Set(session.expanded)
  const walk = (path: string, level: number) => {
    for (const entry of session.folders[path]?.entries ?? []) {
      if (entry.kind !== 'folder') continue
      const open = expanded.has(entry.path)
      // A folder read and found to hold no folder has nothing to open in the tree.
      const read = session.folders[entry.path]
      const expandable = read?.status !== 'ready' || read.entries.some((child) => child.kind === 'folder')
      lines.push({ path: entry.path, name: entry.name, level, expandable, expanded: open && expandable })
      if (open) walk(entry.path, level + 1)
    }
  }
  lines.push({ path: '', name: '/', level: 1, expandable: false, expanded: true })
  walk('', 2)
  return lines
}

/** The folder tree: arrows move, Right opens a folder, Left closes it or goes to its parent, Enter shows it, Space checks it. */
function FolderTree({ session }: { session: BrowseSession }) {
  const stores = useStores()
  const browse = stores.browse.getState()
  const lines = treeLines(session)
  const [focused, setFocused] = useState<string | null>(null)
  const itemRefs = useRef(new Map<string, HTMLElement>())
  const focusPath = focused !== null && lines.some((line) => line.path === focused) ? focused : session.current
  const moveTo = (path: string) => {
    setFocused(path)
    itemRefs.current.get(path)?.focus()
  }
  const onKeyDown = (event: KeyboardEvent<HTMLElement>, line: TreeLine, index: number) => {
    const go = (target: TreeLine | undefined) => {
      event.preventDefault()
      if (target !== undefined) moveTo(target.path)
    }
    switch (event.key) {
      case 'ArrowDown':
        return go(lines[index + 1])
      case 'ArrowUp':
        return go(lines[index - 1])
      case 'Home':
        return go(lines[0])
      case 'End':
        return go(lines.at(-1))
      case 'ArrowRight':
        event.preventDefault()
        if (line.expandable && !line.expanded) void browse.toggleExpanded(line.path)
        else if (lines[index + 1]?.level === line.level + 1) moveTo(lines[index + 1]!.path)
        return
      case 'ArrowLeft':
        event.preventDefault()
        if (line.expandable && line.expanded) void browse.toggleExpanded(line.path)
        else if (line.path !== '') moveTo(parentOf(line.path))
        return
      case 'Enter':
        event.preventDefault()
        void browse.openFolder(line.path)
        return
      case ' ':
        event.preventDefault()
        if (line.path !== '') browse.setSelected(line.path, !isChecked(session.selected, line.path))
        return
    }
  }
  return (
    <Box role="tree" aria-label="Folders" sx={{ py: 1, minWidth: 'max-content' }}>
      {lines.map((line, index) => {
        const current = line.path === session.current
        const loading = session.folders[line.path]?.status === 'loading'
        return (
          <Box
            key={line.path}
            role="treeitem"
            aria-level={line.level}
            aria-expanded={line.expandable ? line.expanded : undefined}
            aria-selected={current}
            aria-label={line.path === '' ? '/' : line.name}
            tabIndex={line.path === focusPath ? 0 : -1}
            ref={(element: HTMLElement | null) => {
              if (element === null) itemRefs.current.delete(line.path)
              else itemRefs.current.set(line.path, element)
            }}
            onKeyDown={(event) => onKeyDown(event, line, index)}
            onFocus={() => setFocused(line.path)}
            onClick={() => void browse.openFolder(line.path)}
            sx={{
              display: 'flex', alignItems: 'center', height: 24, pl: (line.level - 1) * 2, pr: 2, cursor: 'default', whiteSpace: 'nowrap', outline: 'none',
              bgcolor: current ? 'console.selection' : undefined,
              '&:hover': { bgcolor: current ? 'console.selection' : 'console.hover' },
              '&:focus-visible': { boxShadow: (theme) => `inset 0 0 0 1px ${theme.palette.console.focus}` },
            }}
          >
            <Box
              component="span"
              aria-hidden
              onClick={(event) => {
                event.stopPropagation()
                if (line.expandable) void browse.toggleExpanded(line.path)
              }}
              sx={{ width: 18, display: 'inline-flex', justifyContent: 'center', color: 'console.muted' }}
            >
              {loading ? <CircularProgress size={10} /> : line.expandable ? line.expanded ? <ExpandMoreIcon sx={{ fontSize: 16 }} /> : <ChevronRightIcon sx={{ fontSize: 16 }} /> : null}
            </Box>
            {line.path !== '' && (
              <Checkbox
                size="small"
                tabIndex={-1}
                checked={isChecked(session.selected, line.path)}
                indeterminate={isPartlyChecked(session.selected, line.path)}
                onClick={(event) => event.stopPropagation()}
                onChange={(_event, checked) => browse.setSelected(line.path, checked)}
                slotProps={{ input: { 'aria-label': `Select ${shown(line.path)}` } }}
                sx={{ p: 0.25, mr: 0.5 }}
              />
            )}
            <FolderIcon aria-hidden sx={{ fontSize: 16, mr: 1, color: 'console.iconFolder' }} />
            <Box component="span" sx={{ fontSize: 13 }}>
              {line.name}
            </Box>
          </Box>
        )
      })}
    </Box>
  )
}

/** The Browse and Restore tab's content. */
export function BrowseView() {
  const stores = useStores()
  const session = useBrowseStore((state) => state.session)
  const [sort, setSort] = useState<SortState | null>(null)
  const folder = session === null ? undefined : session.folders[session.current]
  const rows = useMemo<readonly ContentsRow[]>(
    () =>
      (folder?.entries ?? []).map((entry) => ({
        key: entry.path,
        nodeId: null,
        cells: { name: entry.name, size: entry.kind === 'file' ? entry.size : null, type: typeNames[entry.kind], modified: entry.mtimeMs },
      })),
    [folder],
  )
  const sorted = useMemo(() => sortRows(rows, columns, sort), [rows, sort])
  if (session === null) return <Box sx={{ p: 3, color: 'console.muted' }}>Nothing is browsed. Right-click a subclient &gt; Browse and Restore.</Box>
  const browse = stores.browse.getState()
  const kinds = new Map((folder?.entries ?? []).map((entry) => [entry.path, entry.kind]))
  const renderCell: CellRenderer = (column, value, row) => {
    if (column.key !== 'name') return formatCell(value, column.format)
    const kind = kinds.get(row.key) ?? 'file'
    return (
      <>
        <Checkbox
          size="small"
          tabIndex={-1}
          checked={isChecked(session.selected, row.key)}
          indeterminate={kind === 'folder' && isPartlyChecked(session.selected, row.key)}
          onMouseDown={(event) => event.stopPropagation()}
          onChange={(_event, checked) => browse.setSelected(row.key, checked)}
          slotProps={{ input: { 'aria-label': `Select ${String(value)}` } }}
          sx={{ p: 0.25, mr: 0.5 }}
        />
        <EntryIcon kind={kind} />
        {String(value)}
      </>
    )
  }
  const entries = folder?.entries ?? []
  const allChecked = entries.length > 0 && entries.every((entry) => isChecked(session.selected, entry.path))
  const someChecked = !allChecked && entries.some((entry) => isChecked(session.selected, entry.path) || isPartlyChecked(session.selected, entry.path))
  const count = session.selected.length
  const from = session.copyName === null ? 'by copy precedence' : `from ${session.copyName}`

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100%', minHeight: 0 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, px: 2, py: 1, borderBottom: 1, borderColor: 'console.border', bgcolor: 'console.chrome', fontSize: 13 }}>
        <Box sx={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} role="status">
          {session.subclientName}: backup job <b>{session.backupJobId}</b> ({session.backupType}) of {formatDateTime(session.backupTime)}, read {from}
        </Box>
        <Box sx={{ color: 'console.muted', whiteSpace: 'nowrap' }}>{count === 0 ? 'Nothing selected' : `${count.toLocaleString()} selected`}</Box>
        <Button variant="contained" size="small" disabled={count === 0} onClick={() => browse.openRestore()}>
          Recover All Selected...
        </Button>
      </Box>
      <Box sx={{ display: 'flex', flex: 1, minHeight: 0 }}>
        <Box sx={{ width: 280, flexShrink: 0, overflow: 'auto', borderRight: 1, borderColor: 'console.border', bgcolor: 'console.pane' }}>
          <FolderTree session={session} />
        </Box>
        <Box sx={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }}>
          <Box sx={{ display: 'flex', alignItems: 'center', px: 1, height: 30, borderBottom: 1, borderColor: 'console.border', fontSize: 13 }}>
            <Checkbox
              size="small"
              checked={allChecked}
              indeterminate={someChecked}
              disabled={entries.length === 0}
              onChange={(_event, checked) => browse.setAllSelected(checked)}
              slotProps={{ input: { 'aria-label': 'Select all in this folder' } }}
              sx={{ p: 0.25, mr: 1 }}
            />
            <Box component="span" sx={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
              {shown(session.current)}
            </Box>
          </Box>
          {folder?.status === 'error' ? (
            <Alert severity="warning" sx={{ m: 2 }}>
              {folder.error}
            </Alert>
          ) : folder?.status === 'loading' ? (
            <Box sx={{ display: 'flex', justifyContent: 'center', p: 4 }}>
              <CircularProgress size={20} aria-label="Reading the folder" />
            </Box>
          ) : (
            <Box sx={{ flex: 1, minHeight: 0 }}>
              <VirtualTable
                label={`Contents of ${shown(session.current)}`}
                columns={columns}
                rows={sorted}
                sort={sort}
                onSort={(key) => setSort((current) => nextSort(current, key))}
                onOpenRow={(row) => {
                  if (kinds.get(row.key) === 'folder') void browse.openFolder(row.key)
                }}
                onToggleRow={(row) => browse.setSelected(row.key, !isChecked(session.selected, row.key))}
                renderCell={renderCell}
                widths={widths}
                emptyText="This folder was empty in the backup."
                viewKey="browse"
              />
            </Box>
          )}
        </Box>
      </Box>
      <RestoreOptionsDialog />
    </Box>
  )
}
