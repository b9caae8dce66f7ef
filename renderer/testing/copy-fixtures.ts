/**
 * Plain data for the dialog tests: the demo CommCell's SP_Finance as `copies:form` answers it (two disk libraries,
 * a tape library with one drive pool and one scratch pool, one MediaAgent), and its copies as `copies:get` does.
 */
import type { CopyDetails, CopyFormData, PolicyFormData } from '../../app/model/copy-forms'

/** The `now` of the fixtures: 25 November 2026, noon local time. */
export const fixtureNow = new Date(2026, 10, 25, 12, 0, 0).getTime()

/** `copies:form` of SP_Finance (Primary on DiskLib01, Copy_2 on DiskLib02). */
export function financeForm(overrides: Partial<CopyFormData> = {}): CopyFormData {
  const ma01 = { id: 1, name: 'ma01' }
  return {
    storagePolicyId: 2,
    policyName: 'SP_Finance',
    suggestedName: 'Copy_3',
    copies: [
      { id: 10, name: 'Primary', copyType: 'primary', libraryId: 1 },
      { id: 11, name: 'Copy_2', copyType: 'synchronous', libraryId: 2 },
    ],
    primaryLibraryId: 1,
    libraries: [
      { id: 1, name: 'DiskLib01', kind: 'disk', mediaAgents: [ma01], drivePools: [], scratchPools: [] },
      { id: 2, name: 'DiskLib02', kind: 'disk', mediaAgents: [ma01], drivePools: [], scratchPools: [] },
      {
        id: 3,
        name: 'TapeLib01',
        kind: 'tape',
        mediaAgents: [ma01],
        drivePools: [{ id: 31, name: 'DrivePool01' }],
        scratchPools: [{ id: 32, name: 'ScratchPool01' }],
      },
    ],
    mediaAgents: [ma01],
    installKind: 'new',
    keyState: 'none',
    autocopyPolicy: 'System Created Autocopy schedule',
    allCopiesSchedules: [],
    defaultAuxCopySchedule: {
      name: 'SP_Finance auxiliary copy schedule',
      pattern: { kind: 'daily', time: '00:00', repeatEveryMinutes: 30, repeatUntil: '23:59', timeZone: 'UTC' },
      options: { streams: null, startNewMedia: false, markMediaFull: false },
    },
    now: fixtureNow,
    ...overrides,
  }
}

/** `copies:get` of a copy of SP_Finance. */
export function financeCopy(overrides: Partial<CopyDetails> = {}): CopyDetails {
  return {
    id: 11,
    storagePolicyId: 2,
    name: 'Copy_2',
    copyType: 'synchronous',
    active: true,
    precedence: 2,
    libraryId: 2,
    mediaAgentId: 1,
    drivePoolId: null,
    scratchPoolId: null,
    dedup: false,
    ddbMediaAgentId: null,
    ddbPath: null,
    dedupBlocks: null,
    sourceCopyId: 10,
    backupsOnAfter: null,
    agingEnabled: true,
    retentionDays: 30,
    retentionCycles: 1,
    selective: null,
    deferDays: 0,
    encryption: null,
    schedules: ['System Created Autocopy schedule'],
    copiedJobs: 0,
    fallenBehindAlert: { enabled: false, daysOld: null, toBeCopiedTB: null },
    ...overrides,
  }
}

/** `policies:form` of the demo CommCell. */
export function policyForm(): PolicyFormData {
  const { libraries, mediaAgents } = financeForm()
  return { libraries, mediaAgents }
}
