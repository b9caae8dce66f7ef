/**
 * A test console's brake on data movement (`--test-throttle`, like `--test-clock` never set in a normal start):
 * runs move at most so many bytes a second, so end-to-end stories that suspend or kill a running job always find it
 * running, on any disk.
 */

/** Holds a run's reads to a rate; one per run phase, shared by its streams. */
export class Throttle {
  private readonly started = performance.now()
  private bytes = 0

  constructor(private readonly bytesPerSecond: number) {}

  /** Waits until `bytes` more may move (returns at once when the signal fires, for the caller to stop). */
  async take(bytes: number, signal?: AbortSignal): Promise<void> {
    this.bytes += bytes
    const wait = this.started + (this.bytes / this.bytesPerSecond) * 1000 - performance.now()
    if (wait <= 0 || signal?.aborted) return
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, wait)
      function done(): void {
        clearTimeout(timer)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      signal?.addEventListener('abort', done, { once: true })
    })
  }
}
