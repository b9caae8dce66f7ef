/** What a menu or dialog shows while it fades out. */
import { useRef } from 'react'

/**
 * `value`, or once it became null (its menu or dialog closing) the last value it had: what stays on screen while the
 * menu or dialog fades out, so its items and title do not vanish mid-animation.
 */
export function useWhileClosing<T>(value: T | null): T | null {
  const last = useRef<T | null>(null)
  if (value !== null) last.current = value
  return value ?? last.current
}
