// A child process for the deduplicated store's crash test (`dedup/dedup-crash.test.ts`): copies one plain job into
// a deduplicated store, `node --import tsx dedup-copy-child.ts <config json> <source ref json> <target ref json>
// [<step>:<n>]`, the store's own code unchanged (the steps are seen by wrapping its methods).
//
// With a step it stops dead there, the whole thread blocked so nothing after that instant runs, prints
// `held <step>:<n> <times passed>` and waits for the test's SIGKILL: the instant is exact, never a race with the copy.
//   append:<n>   the n-th append to an open container returned (its bytes in `K….ctr.tmp`, not sealed)
//   sealed:<n>   the n-th container is sealed (written, fsynced, renamed, folder fsynced), not yet in the index
//   sealed:last  the same for the container sealed once the whole stream is cut (the job's last one)
//   indexed:<n>  the n-th container's blocks are in the index (a restart's indexing of a container it finds counts)
//   recipe:1     the recipe file is durable, not yet committed
//   committed:1  the recipe is committed (references raised), the manifest not yet written
// Without one it prints `done <json>`: the copy's figures and how many times it passed each step.
import { writeSync } from 'node:fs'
import type { JobRef, MediaAgentConfig } from '../../../app/media/media-protocol'
import { CopyThreadPool } from '../copy-threads'
import { ContainerWriter } from '../dedup/container'
import { Ddb } from '../dedup/ddb'
import { DedupStoreState } from '../dedup/dedup-store'
import { Stores } from '../disk-store'

const [configJson, sourceJson, targetJson, hold] = process.argv.slice(2)
if (!configJson || !sourceJson || !targetJson) throw new Error('usage: dedup-copy-child.ts <config json> <source ref json> <target ref json> [<point>:<n>]')
const config = JSON.parse(configJson) as MediaAgentConfig
const sourceRef = JSON.parse(sourceJson) as JobRef
const targetRef = JSON.parse(targetJson) as JobRef
const [holdPoint, holdAt] = hold ? (hold.split(':') as [string, string | undefined]) : [null, undefined]
/** Whether the stream is cut whole (the store seals what is left: the job's last container). */
let streamEnded = false

type Point = 'append' | 'sealed' | 'indexed' | 'recipe' | 'committed'
const passed: Record<Point, number> = { append: 0, sealed: 0, indexed: 0, recipe: 0, committed: 0 }

function say(line: string): void {
  // Written synchronously: the line is in the pipe before the thread stops.
  writeSync(1, `${line}\n`)
}

/** Counts a pass of a point; at the hold point, stops the process there until it is killed. */
function reached(point: Point): void {
  passed[point] += 1
  if (point !== holdPoint) return
  if (holdAt === 'last' ? !streamEnded : passed[point] !== Number(holdAt ?? 1)) return
  say(`held ${hold} ${passed[point]}`)
  // Blocks this thread for good: no timer, callback or later step of the copy runs after this instant. It wakes
  // only to see whether the test is still there: one that died without killing it does not leave it behind.
  const parent = process.ppid
  const cell = new Int32Array(new SharedArrayBuffer(4))
  for (;;) {
    Atomics.wait(cell, 0, 0, 1000)
    if (process.ppid !== parent) process.exit(1)
  }
}

const append = ContainerWriter.prototype.append
ContainerWriter.prototype.append = async function (this: ContainerWriter, ...args: Parameters<ContainerWriter['append']>) {
  const offsets = await append.apply(this, args)
  reached('append')
  return offsets
}
const sealState = DedupStoreState.prototype.seal
DedupStoreState.prototype.seal = function (this: DedupStoreState) {
  streamEnded = true
  return sealState.apply(this)
}
const seal = ContainerWriter.prototype.seal
ContainerWriter.prototype.seal = async function (this: ContainerWriter, ...args: Parameters<ContainerWriter['seal']>) {
  await seal.apply(this, args)
  reached('sealed')
}
const addContainer = Ddb.prototype.addContainer
Ddb.prototype.addContainer = function (this: Ddb, ...args: Parameters<Ddb['addContainer']>) {
  addContainer.apply(this, args)
  reached('indexed')
}
const commitRecipe = Ddb.prototype.commitRecipe
Ddb.prototype.commitRecipe = function (this: Ddb, ...args: Parameters<Ddb['commitRecipe']>) {
  reached('recipe')
  commitRecipe.apply(this, args)
  reached('committed')
}

const threads = new CopyThreadPool()
const stores = new Stores(() => threads)
stores.configure(config)
try {
  const source = await stores.store(sourceRef.store).openJob(sourceRef)
  const result = await stores.store(targetRef.store).copyIn(source, targetRef, { threads })
  say(`done ${JSON.stringify({ blocksWritten: result.blocksWritten, blocksFound: result.blocksFound, bytesWritten: result.bytesWritten, passed })}`)
} finally {
  stores.close()
  await threads.close()
}
