/**
 * Controls the job dialogs share beyond form-controls: a radio option with a muted line under it, and a short
 * single-choice list (a listbox whose options carry a muted detail, moved through with the arrow keys).
 */
import Box from '@mui/material/Box'
import FormControlLabel from '@mui/material/FormControlLabel'
import FormHelperText from '@mui/material/FormHelperText'
import Radio from '@mui/material/Radio'
import { useId, type KeyboardEvent, type ReactNode } from 'react'

/** One radio of a MUI `RadioGroup`, named by its label, with an optional muted description under it. */
export function RadioOption({
  value,
  label,
  description,
  disabled = false,
  children,
}: {
  readonly value: string
  readonly label: string
  readonly description?: string
  readonly disabled?: boolean
  /** Shown beside the label (a field that belongs to this choice). */
  readonly children?: ReactNode
}) {
  const descriptionId = useId()
  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
        <FormControlLabel
          value={value}
          label={label}
          disabled={disabled}
          sx={{ ml: -1, mr: 0, '& .MuiFormControlLabel-label': { fontSize: 13 } }}
          control={
            <Radio
              size="small"
              sx={{ p: 1 }}
              slotProps={{ input: { 'aria-describedby': description === undefined ? undefined : descriptionId } as object }}
            />
          }
        />
        {children}
      </Box>
      {description !== undefined && (
        <FormHelperText id={descriptionId} sx={{ m: 0, mt: -0.5, pl: 7 }}>
          {description}
        </FormHelperText>
      )}
    </Box>
  )
}

/** A choice of an {@link OptionList}. */
export interface ListOption {
  readonly id: number
  readonly name: string
  /** Muted text beside the name (its description for assistive technology). */
  readonly detail?: string
}

/** A bordered single-choice list: click or arrow keys choose; options are named by their name. */
export function OptionList({
  label,
  options,
  value,
  onChange,
  disabled = false,
  problem,
  listRef,
  height = 120,
  emptyText = 'None available',
}: {
  readonly label: string
  readonly options: readonly ListOption[]
  readonly value: number | null
  readonly onChange: (id: number) => void
  readonly disabled?: boolean
  readonly problem?: string
  readonly listRef?: (element: HTMLElement | null) => void
  readonly height?: number
  readonly emptyText?: string
}) {
  const baseId = useId()
  const optionId = (id: number): string => `${baseId}-option-${id}`
  const index = options.findIndex((option) => option.id === value)

  const onKeyDown = (event: KeyboardEvent<HTMLElement>): void => {
    if (disabled || options.length === 0) return
    const move = (next: number): void => {
      event.preventDefault()
      const option = options[Math.max(0, Math.min(options.length - 1, next))]
      if (option !== undefined) onChange(option.id)
    }
    if (event.key === 'ArrowDown') move(index + 1)
    else if (event.key === 'ArrowUp') move(index <= 0 ? 0 : index - 1)
    else if (event.key === 'Home') move(0)
    else if (event.key === 'End') move(options.length - 1)
  }

  return (
    <Box
      ref={listRef}
      role="listbox"
      aria-label={label}
      aria-disabled={disabled || undefined}
      aria-invalid={problem !== undefined || undefined}
      aria-activedescendant={value === null || index < 0 ? undefined : optionId(value)}
      tabIndex={disabled ? -1 : 0}
      onKeyDown={onKeyDown}
      sx={{
        height,
        overflow: 'auto',
        border: 1,
        borderColor: problem !== undefined ? 'error.main' : 'console.chromeBorder',
        borderRadius: 0.5,
        bgcolor: disabled ? 'console.header' : 'background.paper',
        color: disabled ? 'text.disabled' : 'text.primary',
        outline: 'none',
        '&:focus-visible': { borderColor: 'console.focus', boxShadow: (theme) => `0 0 0 1px ${theme.palette.console.focus}` },
      }}
    >
      {options.map((option) => {
        const selected = option.id === value
        return (
          <Box
            key={option.id}
            id={optionId(option.id)}
            role="option"
            aria-selected={selected}
            aria-label={option.name}
            aria-describedby={option.detail === undefined ? undefined : `${optionId(option.id)}-detail`}
            onClick={() => {
              if (!disabled) onChange(option.id)
            }}
            sx={{
              display: 'flex',
              alignItems: 'center',
              gap: 2,
              px: 2,
              height: 26,
              cursor: disabled ? 'default' : 'pointer',
              bgcolor: selected && !disabled ? 'console.selection' : 'transparent',
              '&:hover': disabled ? {} : { bgcolor: selected ? 'console.selection' : 'console.hover' },
            }}
          >
            <span>{option.name}</span>
            {option.detail !== undefined && (
              <Box component="span" id={`${optionId(option.id)}-detail`} sx={{ ml: 'auto', color: disabled ? 'text.disabled' : 'console.muted', fontSize: 12 }}>
                {option.detail}
              </Box>
            )}
          </Box>
        )
      })}
      {options.length === 0 && <Box sx={{ px: 2, py: 1, color: 'console.muted' }}>{emptyText}</Box>}
    </Box>
  )
}
