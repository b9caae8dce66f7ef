/**
 * Node kind icons as CSS masks: each kind's glyph (Material icon paths, MIT-licensed via @mui/icons-material) is a
 * data-URI mask on a `::before` box, coloured by the theme token of its family. The tree can show thousands of
 * nodes, and an SVG element per icon cost more than the rest of the item; a class costs nothing.
 */
import { NodeKind } from '../../app/model/tree'
import { assertNever } from '../../app/model/assert'
import { layout, type ConsoleColors } from '../theme'

/** The glyphs used by node icons and the tree's expand arrow, as 24×24 SVG path data. */
export const glyphs = {
  dns: 'M20 13H4c-.55 0-1 .45-1 1v6c0 .55.45 1 1 1h16c.55 0 1-.45 1-1v-6c0-.55-.45-1-1-1M7 19c-1.1 0-2-.9-2-2s.9-2 2-2 2 .9 2 2-.9 2-2 2M20 3H4c-.55 0-1 .45-1 1v6c0 .55.45 1 1 1h16c.55 0 1-.45 1-1V4c0-.55-.45-1-1-1M7 9c-1.1 0-2-.9-2-2s.9-2 2-2 2 .9 2 2-.9 2-2 2',
  folder: 'M10 4H4c-1.1 0-1.99.9-1.99 2L2 18c0 1.1.9 2 2 2h16c1.1 0 2-.9 2-2V8c0-1.1-.9-2-2-2h-8z',
  eventRepeat:
    'M21 12V6c0-1.1-.9-2-2-2h-1V2h-2v2H8V2H6v2H5c-1.1 0-2 .9-2 2v14c0 1.1.9 2 2 2h7v-2H5V10h14v2zm-5.36 8c.43 1.45 1.77 2.5 3.36 2.5 1.93 0 3.5-1.57 3.5-3.5s-1.57-3.5-3.5-3.5c-.95 0-1.82.38-2.45 1H18V18h-4v-4h1.5v1.43c.9-.88 2.14-1.43 3.5-1.43 2.76 0 5 2.24 5 5s-2.24 5-5 5c-2.42 0-4.44-1.72-4.9-4z',
  computer: 'M20 18c1.1 0 1.99-.9 1.99-2L22 6c0-1.1-.9-2-2-2H4c-1.1 0-2 .9-2 2v10c0 1.1.9 2 2 2H0v2h24v-2zM4 6h16v10H4z',
  extension:
    'M20.5 11H19V7c0-1.1-.9-2-2-2h-4V3.5C13 2.12 11.88 1 10.5 1S8 2.12 8 3.5V5H4c-1.1 0-1.99.9-1.99 2v3.8H3.5c1.49 0 2.7 1.21 2.7 2.7s-1.21 2.7-2.7 2.7H2V20c0 1.1.9 2 2 2h3.8v-1.5c0-1.49 1.21-2.7 2.7-2.7s2.7 1.21 2.7 2.7V22H17c1.1 0 2-.9 2-2v-4h1.5c1.38 0 2.5-1.12 2.5-2.5S21.88 11 20.5 11',
  description: 'M14 2H6c-1.1 0-1.99.9-1.99 2L4 20c0 1.1.89 2 1.99 2H18c1.1 0 2-.9 2-2V8zm2 16H8v-2h8zm0-4H8v-2h8zm-3-5V3.5L18.5 9z',
  storage: 'M2 20h20v-4H2zm2-3h2v2H4zM2 4v4h20V4zm4 3H4V5h2zm-4 7h20v-4H2zm2-3h2v2H4z',
  sdStorage: 'M18 2h-8L4.02 8 4 20c0 1.1.9 2 2 2h12c1.1 0 2-.9 2-2V4c0-1.1-.9-2-2-2m-6 6h-2V4h2zm3 0h-2V4h2zm3 0h-2V4h2z',
  workspaces:
    'M6 13c-2.2 0-4 1.8-4 4s1.8 4 4 4 4-1.8 4-4-1.8-4-4-4m6-10C9.8 3 8 4.8 8 7s1.8 4 4 4 4-1.8 4-4-1.8-4-4-4m6 10c-2.2 0-4 1.8-4 4s1.8 4 4 4 4-1.8 4-4-1.8-4-4-4',
  cable:
    'M20 5V4c0-.55-.45-1-1-1h-2c-.55 0-1 .45-1 1v1h-1v4c0 .55.45 1 1 1h1v7c0 1.1-.9 2-2 2s-2-.9-2-2V7c0-2.21-1.79-4-4-4S5 4.79 5 7v7H4c-.55 0-1 .45-1 1v4h1v1c0 .55.45 1 1 1h2c.55 0 1-.45 1-1v-1h1v-4c0-.55-.45-1-1-1H7V7c0-1.1.9-2 2-2s2 .9 2 2v10c0 2.21 1.79 4 4 4s4-1.79 4-4v-7h1c.55 0 1-.45 1-1V5z',
  inventory:
    'M20 2H4c-1 0-2 .9-2 2v3.01c0 .72.43 1.34 1 1.69V20c0 1.1 1.1 2 2 2h14c.9 0 2-.9 2-2V8.7c.57-.35 1-.97 1-1.69V4c0-1.1-1-2-2-2m-5 12H9v-2h6zm5-7H4V4h16z',
  album:
    'M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 10-10S17.52 2 12 2m0 14.5c-2.49 0-4.5-2.01-4.5-4.5S9.51 7.5 12 7.5s4.5 2.01 4.5 4.5-2.01 4.5-4.5 4.5m0-5.5c-.55 0-1 .45-1 1s.45 1 1 1 1-.45 1-1-.45-1-1-1',
  router:
    'm20.2 5.9.8-.8C19.6 3.7 17.8 3 16 3s-3.6.7-5 2.1l.8.8C13 4.8 14.5 4.2 16 4.2s3 .6 4.2 1.7m-.9.8c-.9-.9-2.1-1.4-3.3-1.4s-2.4.5-3.3 1.4l.8.8c.7-.7 1.6-1 2.5-1s1.8.3 2.5 1zM19 13h-2V9h-2v4H5c-1.1 0-2 .9-2 2v4c0 1.1.9 2 2 2h14c1.1 0 2-.9 2-2v-4c0-1.1-.9-2-2-2M8 18H6v-2h2zm3.5 0h-2v-2h2zm3.5 0h-2v-2h2z',
  schedule:
    'M11.99 2C6.47 2 2 6.48 2 12s4.47 10 9.99 10C17.52 22 22 17.52 22 12S17.52 2 11.99 2M12 20c-4.42 0-8-3.58-8-8s3.58-8 8-8 8 3.58 8 8-3.58 8-8 8M12.5 7H11v6l5.25 3.15.75-1.23-4.5-2.67z',
  policy:
    'm21 5-9-4-9 4v6c0 5.55 3.84 10.74 9 12 2.3-.56 4.33-1.9 5.88-3.71l-3.12-3.12c-1.94 1.29-4.58 1.07-6.29-.64-1.95-1.95-1.95-5.12 0-7.07s5.12-1.95 7.07 0c1.71 1.71 1.92 4.35.64 6.29l2.9 2.9C20.29 15.69 21 13.38 21 11zM9 12a3 3 0 1 0 6 0a3 3 0 1 0-6 0',
  contentCopy:
    'M16 1H4c-1.1 0-2 .9-2 2v14h2V3h12zm3 4H8c-1.1 0-2 .9-2 2v14c0 1.1.9 2 2 2h11c1.1 0 2-.9 2-2V7c0-1.1-.9-2-2-2m0 16H8V7h11z',
  chevronRight: 'M10 6 8.59 7.41 13.17 12l-4.58 4.59L10 18l6-6z',
  warning: 'M1 21h22L12 2zm12-3h-2v-2h2zm0-4h-2v-4h2z',
} as const

/** A glyph's name. */
export type GlyphName = keyof typeof glyphs

type IconColor = keyof Pick<
  ConsoleColors,
  'iconFolder' | 'iconServer' | 'iconStorage' | 'iconPolicy' | 'iconCopy' | 'iconMedia' | 'iconSchedule'
>

/** The glyph and colour token of a node kind. */
export function iconFor(kind: NodeKind): { readonly glyph: GlyphName; readonly color: IconColor } {
  switch (kind) {
    case 'commcell':
      return { glyph: 'dns', color: 'iconServer' }
    case 'clients':
    case 'storageResources':
    case 'policies':
    case 'libraries':
    case 'mediaAgents':
    case 'storagePolicies':
      return { glyph: 'folder', color: 'iconFolder' }
    case 'schedulePolicies':
      return { glyph: 'eventRepeat', color: 'iconFolder' }
    case 'client':
      return { glyph: 'computer', color: 'iconServer' }
    case 'agent':
      return { glyph: 'extension', color: 'iconServer' }
    case 'subclient':
      return { glyph: 'description', color: 'iconServer' }
    case 'library':
      return { glyph: 'storage', color: 'iconStorage' }
    case 'mountPath':
      return { glyph: 'sdStorage', color: 'iconStorage' }
    case 'drivePool':
      return { glyph: 'workspaces', color: 'iconStorage' }
    case 'drive':
      return { glyph: 'cable', color: 'iconStorage' }
    case 'scratchPool':
    case 'assignedMedia':
      return { glyph: 'inventory', color: 'iconMedia' }
    case 'media':
      return { glyph: 'album', color: 'iconMedia' }
    case 'mediaAgent':
      return { glyph: 'router', color: 'iconServer' }
    case 'schedulePolicy':
      return { glyph: 'schedule', color: 'iconSchedule' }
    case 'storagePolicy':
      return { glyph: 'policy', color: 'iconPolicy' }
    case 'copy':
      return { glyph: 'contentCopy', color: 'iconCopy' }
    default:
      return assertNever(kind, 'node kind')
  }
}

/** A glyph as a CSS `mask-image` value. */
export function glyphMask(glyph: GlyphName): string {
  const svg = `<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'><path d='${glyphs[glyph]}'/></svg>`
  return `url("data:image/svg+xml,${encodeURIComponent(svg)}")`
}

/** The class that gives an element's `::before` the icon of a node kind. */
export function nodeIconClass(kind: NodeKind): string {
  return `k-${kind}`
}

/** Every kind, from the model: a new kind gets its rule without a list to keep here. */
const allKinds: readonly NodeKind[] = NodeKind.options

/** The `::before` box every icon is drawn in. */
export const iconBoxSx = {
  content: '""',
  display: 'inline-block',
  width: layout.iconSize,
  height: layout.iconSize,
  flexShrink: 0,
  maskSize: 'contain',
  maskRepeat: 'no-repeat',
  maskPosition: 'center',
} as const

/** For each node kind, the rule that draws its glyph in its family's colour on `.k-<kind>` elements' pseudo. */
export function kindIconRules(pseudo: '::before' | '::after'): Record<string, object> {
  return Object.fromEntries(
    allKinds.map((kind) => {
      const { glyph, color } = iconFor(kind)
      return [`& .k-${kind}${pseudo}`, { maskImage: glyphMask(glyph), bgcolor: `console.${color}` }]
    }),
  )
}

/** The warning icon's style (`.alert-icon`): the product's yellow warning triangle. */
export const alertIconSx = {
  '& .alert-icon': { ...iconBoxSx, display: 'inline-block', verticalAlign: 'text-bottom', maskImage: glyphMask('warning'), bgcolor: 'console.severityMinor' },
  // After a name in a list cell (the tree's row spaces its parts itself).
  '& .cell > .alert-icon': { ml: 1.5 },
} as const

/** Styles for `.node-icon` spans inside a container, written once: the kind's glyph on their `::before`. */
export const nodeIconSx = {
  '& .node-icon': { display: 'inline-flex', flexShrink: 0 },
  '& .node-icon::before': iconBoxSx,
  ...kindIconRules('::before'),
  ...alertIconSx,
}

/** The accessible name of the warning icon a copy or storage policy shows while it has a fallen-behind alert. */
export const alertIconLabel = 'Auxiliary Copy Fallen Behind alert'

/** The warning icon of an open fallen-behind alert; its reason shows on hover. Needs {@link alertIconSx}. */
export function AlertIcon({ reason }: { reason: string }) {
  return <span className="alert-icon" role="img" aria-label={alertIconLabel} title={reason} />
}

/** A small icon for a node kind (decorative: the node's name is its accessible name); needs {@link nodeIconSx}. */
export function NodeIcon({ kind }: { kind: NodeKind }) {
  return <span aria-hidden className={`node-icon ${nodeIconClass(kind)}`} />
}
