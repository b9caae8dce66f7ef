/** What the right pane's live lists show above their table: a thin loading bar, and the reason when loading failed. */
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import LinearProgress from '@mui/material/LinearProgress'

/** The loading bar (named `Loading <what>`, its 2 px kept while idle so the table never moves) and the load error. */
export function ListStatus({ loading, error, what }: { loading: boolean; error: string | null; what: string }) {
  return (
    <>
      <Box sx={{ height: 2, flexShrink: 0 }}>{loading && <LinearProgress aria-label={`Loading ${what}`} sx={{ height: 2 }} />}</Box>
      {error !== null && (
        <Alert severity="error" variant="outlined" sx={{ m: 2 }}>
          {error}
        </Alert>
      )}
    </>
  )
}
