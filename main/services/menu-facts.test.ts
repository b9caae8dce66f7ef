import { afterEach, expect, it } from 'vitest'
import { callerOf, tempBackend } from '../testing/temp-backend'

let backend: ReturnType<typeof tempBackend> | undefined
const call = callerOf(() => backend!)
afterEach(async () => {
  await backend?.dispose()
  backend = undefined
})

it('answers what each node menu of the demo needs, from the catalog, and names nodeId for a node that does not exist', async () => {
  backend = tempBackend('demo')
  await backend.ready
  const { catalog } = backend
  const policy = (name: string) => catalog.policies.policies().find((each) => each.name === name)!
  const finance = policy('SP_Finance')
  const [primary, copy2] = catalog.policies.copies(finance.id)
  const tape = catalog.resources.libraries().find((library) => library.kind === 'tape')!
  const disk = catalog.resources.libraries().find((library) => library.kind === 'disk')!
  const medium = catalog.tape.mediaOfLibrary(tape.id)[0]!
  const aging = catalog.schedules.schedulePolicies().find((each) => each.policyType === 'Data Aging')!

  expect(await call('node:menu', { nodeId: `storagePolicy:${finance.id}` })).toEqual({ hasActiveSecondaryCopy: true, hasOwnSchedules: false })
  expect(await call('node:menu', { nodeId: `storagePolicy:${policy('SP_Default').id}` })).toEqual({ hasActiveSecondaryCopy: false, hasOwnSchedules: false })
  expect(await call('node:menu', { nodeId: `copy:${primary!.id}` })).toEqual({ primaryCopy: true, copyType: 'primary', tapeCopy: false })
  expect(await call('node:menu', { nodeId: `copy:${copy2!.id}` })).toEqual({ primaryCopy: false, copyType: 'synchronous', tapeCopy: false })
  expect(await call('node:menu', { nodeId: `library:${tape.id}` })).toEqual({ tapeLibrary: true })
  expect(await call('node:menu', { nodeId: `library:${disk.id}` })).toEqual({ tapeLibrary: false })
  expect(await call('node:menu', { nodeId: `media:${medium.id}` })).toEqual({ mediaStatus: 'Spare' })
  expect(await call('node:menu', { nodeId: `schedulePolicy:${aging.id}` })).toEqual({ schedulePolicy: { policyType: 'Data Aging', systemCreated: true } })
  expect(await call('node:menu', { nodeId: 'storagePolicies' })).toEqual({})
  await expect(call('node:menu', { nodeId: 'copy:999999' })).rejects.toMatchObject({ code: 'not_found', field: 'nodeId' })
})

it('says a storage policy of an upgraded CommCell has schedules of its own (its Auxiliary Copy Schedules item)', async () => {
  backend = tempBackend('upgraded')
  await backend.ready
  const finance = backend.catalog.policies.policies().find((each) => each.name === 'SP_Finance')!
  expect(await call('node:menu', { nodeId: `storagePolicy:${finance.id}` })).toEqual({ hasActiveSecondaryCopy: true, hasOwnSchedules: true })
})
