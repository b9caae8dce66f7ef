/**
 * The dense form controls of the console's dialogs: a two-column grid of visible labels and fields, where each
 * label is its field's accessible name, select-only lists, text and number fields, and a focus registry so a
 * dialog can bring the field with a problem forward.
 */
import Autocomplete from '@mui/material/Autocomplete'
import Box from '@mui/material/Box'
import Checkbox from '@mui/material/Checkbox'
import FormControlLabel from '@mui/material/FormControlLabel'
import FormHelperText from '@mui/material/FormHelperText'
import TextField from '@mui/material/TextField'
import { useCallback, useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react'

/** The width of the label column, in px. */
const labelWidth = 150

/** A request to focus a field (a new `seq` asks again). */
export interface FocusTarget {
  readonly field: string
  readonly seq: number
}

/** Registers how to focus each field; `register(field)` is a ref callback. */
export type RegisterFocus = (field: string) => (element: HTMLElement | null) => void

/**
 * Keeps the focusable element of each field and focuses the requested one once it is shown (after a tab or step
 * change rendered). Containers (the date picker) are focused at their first focusable part.
 */
export function useFocusRegistry(request: FocusTarget | null, shownKey: string): RegisterFocus {
  const elements = useRef(new Map<string, HTMLElement>())
  const register = useCallback<RegisterFocus>(
    (field) => (element) => {
      if (element === null) elements.current.delete(field)
      else elements.current.set(field, element)
    },
    [],
  )
  const seq = request?.seq
  const field = request?.field
  useEffect(() => {
    if (seq === undefined || field === undefined) return
    const element = elements.current.get(field)
    if (element === undefined) return
    const target =
      element.matches('input, textarea, [tabindex], button') && !element.matches('[type=hidden], [aria-hidden=true]')
        ? element
        : element.querySelector<HTMLElement>('[role="spinbutton"], input:not([type=hidden]):not([aria-hidden=true]), [tabindex="0"]')
    // After the panel that holds it became visible in this commit.
    const frame = requestAnimationFrame(() => {
      target?.focus()
      target?.scrollIntoView?.({ block: 'nearest' })
    })
    return () => cancelAnimationFrame(frame)
  }, [seq, field, shownKey])
  return register
}

/** A two-column grid: labels on the left (`labelColumn` px wide), fields on the right. */
export function FormGrid({ children, labelColumn = labelWidth }: { children: ReactNode; labelColumn?: number }) {
  return (
    <Box
      sx={{
        display: 'grid',
        gridTemplateColumns: `${labelColumn}px minmax(0, 1fr)`,
        columnGap: 3,
        rowGap: 2.5,
        alignItems: 'start',
      }}
    >
      {children}
    </Box>
  )
}

/** One labelled row of a {@link FormGrid}: the label (with a required mark when it applies) and the field. */
export function FieldRow({
  label,
  htmlFor,
  labelId,
  required = false,
  disabled = false,
  children,
}: {
  readonly label: string
  readonly htmlFor?: string
  readonly labelId?: string
  readonly required?: boolean
  readonly disabled?: boolean
  readonly children: ReactNode
}) {
  return (
    <>
      <Box sx={{ pt: '6px', color: disabled ? 'text.disabled' : 'text.primary', whiteSpace: 'nowrap' }}>
        <label id={labelId ?? (htmlFor === undefined ? undefined : `${htmlFor}-label`)} htmlFor={htmlFor}>
          {label}
        </label>
        {required && (
          <Box component="span" aria-hidden sx={{ color: 'error.main', ml: 0.5 }}>
            *
          </Box>
        )}
      </Box>
      <Box sx={{ minWidth: 0 }}>{children}</Box>
    </>
  )
}

/** A row spanning both columns (checkboxes, notes, alerts). */
export function FullRow({ children, indent = true }: { children: ReactNode; indent?: boolean }) {
  return <Box sx={{ gridColumn: indent ? '2 / 3' : '1 / -1', minWidth: 0 }}>{children}</Box>
}

/** A named row offered in a list. */
export interface ListChoice {
  readonly id: number
  readonly name: string
}

/** Dense fields: 30 px high, the console's font size. */
export const inputSx = {
  '& .MuiInputBase-root': { fontSize: 13, bgcolor: 'background.paper', height: 30, py: '0 !important' },
  '& .MuiInputBase-input': { py: 0 },
  '& .MuiFormHelperText-root': { mx: 0, mt: 0.5, lineHeight: 1.4 },
} as const

/**
 * A select-only list (a combobox whose input shows the chosen name): click or ArrowDown opens it, options are
 * named by their row's name, and `suffix` adds a muted hint beside an option (`(Tape)`) that is not part of it.
 */
export function ChoiceField<T extends ListChoice>({
  id,
  options,
  value,
  onChange,
  onBlur,
  disabled = false,
  required = false,
  problem,
  helperText,
  suffix,
  placeholder,
  inputRef,
}: {
  readonly id: string
  readonly options: readonly T[]
  readonly value: number | null
  readonly onChange: (id: number | null) => void
  readonly onBlur?: () => void
  readonly disabled?: boolean
  readonly required?: boolean
  readonly problem?: string
  readonly helperText?: string
  readonly suffix?: (option: T) => string | undefined
  readonly placeholder?: string
  readonly inputRef?: (element: HTMLElement | null) => void
}) {
  const selected = options.find((option) => option.id === value) ?? null
  return (
    <Autocomplete<T, false, boolean, false>
      id={id}
      options={options}
      value={selected}
      onChange={(_event, option) => onChange(option?.id ?? null)}
      onBlur={onBlur}
      getOptionLabel={(option) => option.name}
      isOptionEqualToValue={(option, chosen) => option.id === chosen.id}
      disabled={disabled}
      disableClearable
      autoHighlight
      size="small"
      noOptionsText="None available"
      slotProps={{ listbox: { dense: true } as object, paper: { sx: { fontSize: 13 } } }}
      renderOption={(props, option) => {
        const { key, ...rest } = props as typeof props & { key: string }
        const hint = suffix?.(option)
        return (
          <Box component="li" key={key} {...rest} sx={{ fontSize: 13, minHeight: '26px !important' }}>
            {option.name}
            {hint !== undefined && (
              <Box component="span" aria-hidden sx={{ ml: 1, color: 'console.muted' }}>
                {hint}
              </Box>
            )}
          </Box>
        )
      }}
      renderInput={(params) => (
        <TextField
          {...params}
          placeholder={placeholder}
          error={problem !== undefined}
          helperText={problem ?? helperText}
          inputRef={inputRef}
          sx={{
            ...inputSx,
            // A list, not a text box: no caret, and a pointer over it.
            '& input': { caretColor: 'transparent', cursor: disabled ? 'default' : 'pointer' },
          }}
          slotProps={{
            ...params.slotProps,
            htmlInput: { ...params.slotProps.htmlInput, readOnly: true, required, 'aria-required': required || undefined },
          }}
        />
      )}
    />
  )
}

/** A single-line text field whose visible label is a {@link FieldRow}'s. */
export function TextInput({
  id,
  value,
  onChange,
  onBlur,
  disabled = false,
  readOnly = false,
  required = false,
  problem,
  helperText,
  placeholder,
  inputMode,
  width,
  inputRef,
  autoFocus = false,
  error = false,
  ariaLabel,
  type,
}: {
  readonly id: string
  readonly value: string
  readonly onChange?: (value: string) => void
  readonly onBlur?: () => void
  readonly disabled?: boolean
  readonly readOnly?: boolean
  readonly required?: boolean
  readonly problem?: string
  readonly helperText?: string
  readonly placeholder?: string
  readonly inputMode?: 'numeric' | 'text'
  readonly width?: number
  readonly inputRef?: (element: HTMLElement | null) => void
  readonly autoFocus?: boolean
  /** Marks the field in error while its message shows elsewhere (a short field inside a sentence). */
  readonly error?: boolean
  /** The field's name when no {@link FieldRow} label is its own (a field inside a sentence). */
  readonly ariaLabel?: string
  /** `password`: the characters are not shown (a passphrase). */
  readonly type?: 'password'
}) {
  return (
    <TextField
      id={id}
      type={type}
      autoFocus={autoFocus}
      size="small"
      fullWidth={width === undefined}
      value={value}
      onChange={(event) => onChange?.(event.target.value)}
      onBlur={onBlur}
      disabled={disabled}
      placeholder={placeholder}
      error={error || problem !== undefined}
      helperText={problem ?? helperText}
      inputRef={inputRef}
      sx={{
        ...inputSx,
        ...(width === undefined ? {} : { width }),
        ...(readOnly ? { '& .MuiInputBase-root': { ...inputSx['& .MuiInputBase-root'], bgcolor: 'console.header' } } : {}),
      }}
      slotProps={{
        htmlInput: {
          readOnly, required, inputMode, spellCheck: false, autoComplete: 'off', 'aria-required': required || undefined, 'aria-label': ariaLabel,
        },
      }}
    />
  )
}

/** A checkbox with its label, and a helper or problem line under it. */
export function CheckField({
  label,
  checked,
  onChange,
  disabled = false,
  helperText,
  problem,
  inputRef,
  describedById,
}: {
  readonly label: string
  readonly checked: boolean
  readonly onChange?: (checked: boolean) => void
  readonly disabled?: boolean
  readonly helperText?: string
  readonly problem?: string
  readonly inputRef?: (element: HTMLElement | null) => void
  readonly describedById?: string
}) {
  const note = problem ?? helperText
  return (
    <Box>
      <FormControlLabel
        label={label}
        disabled={disabled}
        sx={{ ml: -1, '& .MuiFormControlLabel-label': { fontSize: 13 } }}
        control={
          <Checkbox
            size="small"
            checked={checked}
            onChange={(event) => onChange?.(event.target.checked)}
            sx={{ p: 1 }}
            slotProps={{ input: { ref: inputRef, 'aria-describedby': note === undefined ? undefined : describedById } as object }}
          />
        }
      />
      {note !== undefined && (
        <FormHelperText id={describedById} error={problem !== undefined} sx={{ mt: -0.5, ml: 6 }}>
          {note}
        </FormHelperText>
      )}
    </Box>
  )
}

/** A section heading inside a tab or step. */
export function SectionTitle({ children }: { children: ReactNode }) {
  return (
    <Box sx={{ gridColumn: '1 / -1', fontWeight: 600, color: 'text.primary', borderBottom: 1, borderColor: 'console.border', pb: 1, mt: 1 }}>
      {children}
    </Box>
  )
}

/** A keydown handler: Enter in a text field does `action` (a dialog's OK, a list's Add), as in the console's dialogs. */
export function onEnterInField(action: () => void): (event: KeyboardEvent<HTMLElement>) => void {
  return (event) => {
    if (event.key === 'Enter' && event.target instanceof HTMLInputElement) {
      event.preventDefault()
      action()
    }
  }
}
