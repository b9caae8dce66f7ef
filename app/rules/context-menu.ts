import { assertNever } from '../model/assert'
import { isActiveStatus, type JobAction, type JobStatus } from '../model/jobs'
import type { MenuFacts } from '../model/menu-facts'
import type { NodeKind } from '../model/tree'
import { copyJobActionLabel, copyJobActionsFor, type CopyJobAction, type JobOnCopyFacts } from './copy-job-marks'
import { promotionOffered } from './copy-promotion'
import { marksFor } from './media-rules'

/** What a context menu item does; the renderer maps each to a handler. Add an action only when it works. */
export type MenuAction =
  | 'refresh'
  | 'properties'
  | 'viewJobs'
  | 'jobHistory'
  | 'backupHistory'
  | 'createCopy'
  | 'copyProperties'
  | 'deleteCopy'
  | 'promoteToPrimary'
  | 'policyProperties'
  | 'newStoragePolicy'
  | 'runAuxCopy'
  | 'dataVerification'
  | 'dataAging'
  | 'backup'
  | 'browseAndRestore'
  | 'subclientProperties'
  | 'newSchedulePolicy'
  | 'runSchedulePolicy'
  | 'schedulePolicyProperties'
  | 'deleteSchedulePolicy'
  | 'policySchedules'
  | 'libraryProperties'
  | 'addMedia'
  | 'viewMediaContents'
  | 'markMediaFull'
  | 'markMediaBad'
  | 'viewMedia'

/** One entry of a node's context menu. */
export type MenuEntry =
  | { readonly type: 'item'; readonly action: MenuAction; readonly label: string }
  | { readonly type: 'submenu'; readonly label: string; readonly items: readonly MenuEntry[] }
  | { readonly type: 'divider' }

export type { MenuFacts }

const item = (action: MenuAction, label: string): MenuEntry => ({ type: 'item', action, label })
const divider: MenuEntry = { type: 'divider' }
const refresh = item('refresh', 'Refresh')
const properties = item('properties', 'Properties')
const allTasks = (...items: MenuEntry[]): MenuEntry => ({ type: 'submenu', label: 'All Tasks', items })

/**
 * The context menu of a tree node: its own items, an `All Tasks` submenu where the product has one, and
 * `Properties` where the product has one. Only items that work are listed.
 */
export function contextMenuFor(kind: NodeKind, facts: MenuFacts = {}): readonly MenuEntry[] {
  switch (kind) {
    case 'storagePolicy':
      return [
        allTasks(
          item('createCopy', 'Create New Copy'),
          ...(facts.hasActiveSecondaryCopy === true ? [item('runAuxCopy', 'Run Auxiliary Copy')] : []),
          ...(facts.hasOwnSchedules === true ? [item('policySchedules', 'Auxiliary Copy Schedules')] : []),
          // Always offered: every storage policy has a primary copy to verify.
          item('dataVerification', 'Data Verification'),
          item('viewJobs', 'View Jobs'),
        ),
        refresh,
        divider,
        // Storage Policy Properties: Device Streams and the copies' precedence order are edited there.
        item('policyProperties', 'Properties'),
      ]
    case 'copy': {
      const promotable = facts.copyType !== undefined && facts.tapeCopy !== undefined &&
        promotionOffered({ copyType: facts.copyType, tapeCopy: facts.tapeCopy })
      return [
        item('viewJobs', 'View Jobs'),
        ...(facts.tapeCopy === true ? [item('viewMedia', 'View Media')] : []),
        item('dataVerification', 'Data Verification'),
        ...(promotable ? [allTasks(item('promoteToPrimary', 'Promote to Primary'))] : []),
        ...(facts.primaryCopy === false ? [divider, item('deleteCopy', 'Delete')] : []),
        divider,
        item('copyProperties', 'Properties'),
      ]
    }
    case 'storagePolicies':
      return [item('newStoragePolicy', 'New Storage Policy'), divider, refresh]
    case 'commcell':
      return [allTasks(item('dataAging', 'Data Aging')), item('jobHistory', 'Job History'), refresh, divider, properties]
    case 'library':
      return [refresh, divider, facts.tapeLibrary === true ? item('libraryProperties', 'Properties') : properties]
    case 'scratchPool':
      return [item('addMedia', 'Add Media'), refresh, divider, properties]
    case 'media': {
      const marks = facts.mediaStatus === undefined ? [] : marksFor(facts.mediaStatus)
      return [
        item('viewMediaContents', 'View Contents'),
        ...(marks.length > 0 ? [divider] : []),
        ...marks.map((mark) => (mark === 'Full' ? item('markMediaFull', 'Mark Full') : item('markMediaBad', 'Mark Bad'))),
        divider,
        properties,
      ]
    }
    case 'client':
    case 'drivePool':
    case 'mediaAgent':
      return [refresh, divider, properties]
    case 'schedulePolicy':
      return [
        item('runSchedulePolicy', 'Run Immediately'),
        divider,
        ...(facts.schedulePolicy !== undefined && !(facts.schedulePolicy.systemCreated && facts.schedulePolicy.policyType === 'Data Aging')
          ? [item('deleteSchedulePolicy', 'Delete')]
          : []),
        refresh,
        divider,
        item('schedulePolicyProperties', 'Properties'),
      ]
    case 'schedulePolicies':
      return [item('newSchedulePolicy', 'New Schedule Policy'), divider, refresh]
    case 'subclient':
      return [
        item('backup', 'Backup'),
        item('browseAndRestore', 'Browse and Restore'),
        item('backupHistory', 'Backup History'),
        divider,
        item('subclientProperties', 'Properties'),
      ]
    case 'mountPath':
    case 'drive':
      return [properties]
    case 'assignedMedia':
    case 'clients':
    case 'agent':
    case 'storageResources':
    case 'libraries':
    case 'mediaAgents':
    case 'policies':
      return [refresh]
    default:
      return assertNever(kind, 'node kind')
  }
}

/** What a Job Controller row's menu item does. */
export type JobMenuAction = JobAction | 'details'

/** One item of a Job Controller row's context menu. */
export interface JobMenuItem {
  readonly action: JobMenuAction
  readonly label: string
}

/**
 * The context menu of a Job Controller row, by the job's status: `Suspend` while it runs, `Resume` while it is
 * suspended or pending, `Kill` until it ended, and `Details` always.
 */
export function jobMenuFor(status: JobStatus): readonly JobMenuItem[] {
  const items: JobMenuItem[] = []
  if (status === 'Running') items.push({ action: 'suspend', label: 'Suspend' })
  if (status === 'Suspended' || status === 'Pending') items.push({ action: 'resume', label: 'Resume' })
  if (isActiveStatus(status)) items.push({ action: 'kill', label: 'Kill' })
  items.push({ action: 'details', label: 'Details' })
  return items
}

/** What a Job History row's menu item does. */
export type HistoryJobMenuAction = 'details'

/**
 * The context menu of a Job History row: `Details`, the Job Controller's Job Details dialog (for an auxiliary copy,
 * the jobs it copied). Every job listed there can show its Details, whatever its state.
 */
export function historyJobMenuFor(): readonly { readonly action: HistoryJobMenuAction; readonly label: string }[] {
  return [{ action: 'details', label: 'Details' }]
}

/** What a row's menu item in a copy's View Jobs does: a mark (Do Not Copy, Copy Again, ...) or Delete. */
export type CopyJobMenuAction = CopyJobAction

/** One item of the context menu of job rows in a copy's View Jobs. */
export interface CopyJobMenuItem {
  readonly action: CopyJobMenuAction
  readonly label: string
}

/**
 * The context menu of the selected job rows in a copy's View Jobs: the actions that apply to every selected job in
 * its state on the copy (`copyJobActionsFor`). Empty when nothing works.
 */
export function copyJobMenuFor(copy: { readonly name: string; readonly primary: boolean }, jobs: readonly JobOnCopyFacts[]): readonly CopyJobMenuItem[] {
  return copyJobActionsFor(copy, jobs).map((action) => ({ action, label: copyJobActionLabel[action] }))
}
