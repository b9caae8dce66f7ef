// Loaded into the console host by the memory bench (BENCH_MEMORY_PROBE=1, `node --import`): on each 'usage' message
// over the IPC channel it answers the main thread's process.memoryUsage() and what the process's anonymous memory
// is made of (from /proc/self/smaps), in MiB. Diagnosis only: a normal start never loads it.
import { readFileSync } from 'node:fs'
import process from 'node:process'
import { getHeapSpaceStatistics, getHeapStatistics, writeHeapSnapshot } from 'node:v8'

const MiB = 1024 * 1024
const round = (bytes) => Math.round((bytes / MiB) * 10) / 10

/** Anonymous mappings: total resident, how much of it lies in 64 MiB-reserved glibc arenas, and in other maps. */
function anonymous() {
  const text = readFileSync('/proc/self/smaps', 'utf8')
  const maps = []
  let current = null
  for (const line of text.split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ (\d+)\s*(.*)$/.exec(line)
    if (head) {
      current = { size: parseInt(head[2], 16) - parseInt(head[1], 16), perms: head[3], inode: head[4], name: head[5], rss: 0 }
      maps.push(current)
      continue
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line)
    if (rss && current) current.rss = Number(rss[1]) * 1024
  }
  const anon = maps.filter((map) => map.inode === '0' && (map.name === '' || map.name === '[heap]'))
  let arenas = 0
  let arenaRss = 0
  // A glibc arena heap: a read-write mapping followed by its PROT_NONE reserve, together 64 MiB.
  for (let n = 0; n < anon.length; n++) {
    const next = anon[n + 1]
    if (anon[n].perms.startsWith('rw') && next && next.perms.startsWith('---') && anon[n].size + next.size === 64 * MiB) {
      arenas += 1
      arenaRss += anon[n].rss
    }
  }
  const brk = anon.filter((map) => map.name === '[heap]').reduce((sum, map) => sum + map.rss, 0)
  const total = anon.reduce((sum, map) => sum + map.rss, 0)
  return { anonRss: round(total), brkHeapRss: round(brk), arenas, arenaRss: round(arenaRss), otherAnonRss: round(total - brk - arenaRss) }
}

process.channel?.unref()
process.on('message', (message) => {
  if (typeof message === 'object' && message?.snapshot) return void process.send({ written: writeHeapSnapshot(message.snapshot) })
  if (message === 'spaces') return void process.send(Object.fromEntries(getHeapSpaceStatistics().map((space) => [space.space_name, round(space.space_used_size)])))
  // With --expose-gc: collects first, so what is left is what the host holds (not garbage V8 has not collected yet).
  if (message !== 'usage' && message !== 'gc+usage') return
  if (message === 'gc+usage') globalThis.gc?.()
  const usage = process.memoryUsage()
  const heap = getHeapStatistics()
  process.send({
    rss: round(usage.rss), heapTotal: round(usage.heapTotal), heapUsed: round(usage.heapUsed), external: round(usage.external),
    arrayBuffers: round(usage.arrayBuffers), mallocedMemory: round(heap.malloced_memory), ...anonymous(),
  })
})
