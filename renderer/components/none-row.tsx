import TableCell from '@mui/material/TableCell'
import TableRow from '@mui/material/TableRow'

/** The one row of an empty details table: None, across every column. */
export function NoneRow({ columns }: { readonly columns: number }) {
  return (
    <TableRow>
      <TableCell colSpan={columns} sx={{ color: 'console.muted' }}>
        None
      </TableCell>
    </TableRow>
  )
}
