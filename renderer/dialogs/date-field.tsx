/**
 * A dense date field (MUI X DatePicker, month / day / year sections and a calendar button) named by a visible label
 * elsewhere (`labelledBy`, e.g. the radio it belongs to). Needs a `LocalizationProvider` with the dayjs adapter above
 * it, as every dialog holding one has.
 */
import Box from '@mui/material/Box'
import { DatePicker } from '@mui/x-date-pickers/DatePicker'
import type { Dayjs } from 'dayjs'

/** The picker's input at the height and font of the other dense fields. */
const dateInputSx = { '& .MuiPickersInputBase-root': { fontSize: 13, height: 30 }, '& .MuiPickersSectionList-root': { py: 0 } } as const

/** A date field; its problem is shown by the caller (beside the choice it belongs to), it only turns red. */
export function DateField({
  value,
  onChange,
  onBlur,
  labelledBy,
  disabled = false,
  disableFuture = false,
  maxDate,
  error = false,
  width = 200,
  fieldRef,
}: {
  /** The date as the picker holds it (possibly invalid while being typed), or null. */
  readonly value: Dayjs | null
  readonly onChange: (value: Dayjs | null) => void
  readonly onBlur?: () => void
  /** The id of the visible text that names the field. */
  readonly labelledBy: string
  readonly disabled?: boolean
  /** Refuses dates after the browser's clock. */
  readonly disableFuture?: boolean
  /** The latest date offered (the CommServe's today). */
  readonly maxDate?: Dayjs
  readonly error?: boolean
  readonly width?: number
  /** Registers the field for focus: its first section (Month) is what gets focused. */
  readonly fieldRef?: (element: HTMLElement | null) => void
}) {
  // The picker's sections container is focusable too, but ignores typing once a date was typed: hand the focus
  // registry the first section itself (looked up at every render, so it is never a detached node).
  const registerField =
    fieldRef === undefined ? undefined : (box: HTMLElement | null) => fieldRef(box?.querySelector<HTMLElement>('[role="spinbutton"]') ?? box)
  return (
    <Box ref={registerField} sx={{ width }}>
      <DatePicker
        value={value}
        onChange={onChange}
        disabled={disabled}
        disableFuture={disableFuture}
        {...(maxDate === undefined ? {} : { maxDate })}
        slotProps={{
          textField: {
            size: 'small',
            fullWidth: true,
            error,
            onBlur,
            slotProps: { input: { 'aria-labelledby': labelledBy } as object },
            sx: dateInputSx,
          },
        }}
      />
    </Box>
  )
}
