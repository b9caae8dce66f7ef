/**
 * Every visual token of the console (colours, sizes, fonts) and the MUI theme built from them. Components use `sx`
 * with these tokens (palette paths such as `console.chrome`, or the `layout` numbers), never raw colours.
 */
import { createTheme } from '@mui/material/styles'

/** The console's own colour tokens, reachable in `sx` as `console.<name>`. */
export interface ConsoleColors {
  /** Menu bar, toolbar, status bar and pane headers. */
  readonly chrome: string
  /** The darker edge of the chrome (toolbar bottom border, splitter). */
  readonly chromeBorder: string
  /** Buttons, links, the tab indicator. */
  readonly accent: string
  /** Body text. */
  readonly text: string
  /** Tree and list backgrounds. */
  readonly pane: string
  /** Thin lines between panes, rows and cells. */
  readonly border: string
  /** List header background. */
  readonly header: string
  /** Row and tree item under the pointer. */
  readonly hover: string
  /** Selected row or tree item. */
  readonly selection: string
  /** Selected row or tree item while its pane has no focus. */
  readonly selectionInactive: string
  /** Keyboard focus outline. */
  readonly focus: string
  /** Secondary text: node details, empty-list hints. */
  readonly muted: string
  /** Zebra stripe of list rows. */
  readonly stripe: string
  /** Tree node icons by family. */
  readonly iconFolder: string
  readonly iconServer: string
  readonly iconStorage: string
  readonly iconPolicy: string
  readonly iconCopy: string
  readonly iconMedia: string
  readonly iconSchedule: string
  /** Connection dots in the status bar. */
  readonly online: string
  readonly offline: string
  /** Event severities. */
  readonly severityInformation: string
  readonly severityMinor: string
  readonly severityMajor: string
  readonly severityCritical: string
}

declare module '@mui/material/styles' {
  interface Palette {
    console: ConsoleColors
  }
  interface PaletteOptions {
    console?: ConsoleColors
  }
}

/** The colour tokens. */
export const colors: ConsoleColors = {
  accent: '#1f5fae',
  text: '#1d2330',
  chrome: '#eef1f5',
  chromeBorder: '#c9d0da',
  pane: '#ffffff',
  border: '#dde2e9',
  header: '#f4f6f9',
  hover: '#eaf2fc',
  selection: '#cfe3fa',
  selectionInactive: '#e3e8ef',
  focus: '#2f6fc4',
  muted: '#6b7380',
  stripe: '#fafbfc',
  iconFolder: '#c8932b',
  iconServer: '#3d6fb6',
  iconStorage: '#5b6b7d',
  iconPolicy: '#2f7d5b',
  iconCopy: '#6d5bb0',
  iconMedia: '#8a5a2b',
  iconSchedule: '#b5562f',
  online: '#2e8b57',
  offline: '#c62828',
  severityInformation: '#2f6fc4',
  severityMinor: '#d08a00',
  severityMajor: '#d9481c',
  severityCritical: '#b71c1c',
}

/** Sizes in px: dense, like an administrator's console. */
export const layout = {
  /** Base font size. */
  fontSize: 13,
  /** Height of one list row (the virtualized table relies on it being fixed). */
  rowHeight: 26,
  /** Height of the list header. */
  headerHeight: 28,
  /** Height of one tree item. */
  treeItemHeight: 24,
  /** Indentation per tree level. */
  treeIndent: 14,
  /** Initial, smallest and largest width of the tree pane. */
  treeWidth: 320,
  treeMinWidth: 200,
  treeMaxWidth: 640,
  /** Height of the menu bar, toolbar, tab strip and status bar. */
  menuBarHeight: 26,
  toolbarHeight: 34,
  tabHeight: 30,
  statusBarHeight: 24,
  /** Width of the draggable splitter between tree and content. */
  splitterWidth: 5,
  /** Tree node and toolbar icon size. */
  iconSize: 16,
} as const

/** The font stack: the platform's UI font first. */
export const fontFamily = '"Segoe UI", system-ui, -apple-system, "Helvetica Neue", Arial, sans-serif'

/** The MUI theme built from the tokens. */
export const theme = createTheme({
  palette: {
    mode: 'light',
    primary: { main: colors.accent },
    background: { default: colors.chrome, paper: colors.pane },
    divider: colors.border,
    text: { primary: colors.text, secondary: colors.muted },
    console: colors,
  },
  typography: {
    fontFamily,
    fontSize: layout.fontSize,
    htmlFontSize: 16,
    button: { textTransform: 'none', fontWeight: 400 },
  },
  shape: { borderRadius: 2 },
  spacing: 4,
  components: {
    MuiCssBaseline: {
      styleOverrides: {
        'html, body, #root': { height: '100%', margin: 0, overflow: 'hidden' },
        body: { fontSize: layout.fontSize, backgroundColor: colors.chrome },
      },
    },
    MuiButtonBase: { defaultProps: { disableRipple: true } },
    MuiButton: { defaultProps: { size: 'small', disableElevation: true } },
    MuiIconButton: { defaultProps: { size: 'small' } },
    MuiMenu: { defaultProps: { transitionDuration: 80 } },
    MuiMenuItem: {
      defaultProps: { dense: true },
      styleOverrides: { root: { fontSize: layout.fontSize, minHeight: 26, paddingTop: 2, paddingBottom: 2 } },
    },
    MuiTabs: { styleOverrides: { root: { minHeight: layout.tabHeight }, indicator: { height: 2 } } },
    MuiTab: {
      styleOverrides: {
        root: {
          minHeight: layout.tabHeight,
          minWidth: 0,
          padding: '4px 12px',
          fontSize: layout.fontSize,
        },
      },
    },
    MuiTooltip: { defaultProps: { enterDelay: 600, disableInteractive: true } },
    MuiDialogTitle: { styleOverrides: { root: { fontSize: 15, padding: '10px 16px' } } },
    MuiTableCell: { styleOverrides: { root: { fontSize: layout.fontSize, padding: '3px 8px' } } },
    MuiAlert: { styleOverrides: { root: { fontSize: layout.fontSize } } },
  },
})
