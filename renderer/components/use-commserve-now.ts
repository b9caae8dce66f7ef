/** The CommServe's time, ticking every second while `ticking` (see `commServeNow`). */
import { useEffect, useState } from 'react'
import { commServeNow } from '../format/commserve-clock'
import { useTestClockStore } from '../stores/schedule-hooks'
import { useConnectionStore } from '../stores/stores-context'

/** The CommServe's time now, advancing every second while `ticking` (Elapsed ticks, ended jobs leave after 5 minutes). */
export function useCommServeNow(ticking = true): number {
  const info = useConnectionStore((state) => state.info)
  const infoAt = useConnectionStore((state) => state.infoAt)
  const testNow = useTestClockStore((state) => state.now)
  const [localNow, setLocalNow] = useState(() => Date.now())
  useEffect(() => {
    if (!ticking) return
    const timer = setInterval(() => setLocalNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [ticking])
  return commServeNow({ info, infoAt, testNow }, localNow)
}
