/**
 * The Schedule Policy dialog (New Schedule Policy, or the Properties of one): General (name, type, description and
 * the schedules grid with Add, Edit and Delete, which open Schedule Details) and Associations (an Auxiliary Copy
 * policy's storage policies and their secondary copies; a Data Protection policy's clients, agents and subclients). Also the Delete confirmation of a schedule policy. State lives in the schedule stores.
 */
import ErrorOutlineIcon from '@mui/icons-material/ErrorOutlineOutlined'
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Checkbox from '@mui/material/Checkbox'
import CircularProgress from '@mui/material/CircularProgress'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogTitle from '@mui/material/DialogTitle'
import FormControlLabel from '@mui/material/FormControlLabel'
import FormHelperText from '@mui/material/FormHelperText'
import Tab from '@mui/material/Tab'
import Tabs from '@mui/material/Tabs'
import { useId, useMemo, type ReactNode } from 'react'
import type { SchedulePolicyType } from '../../app/model/entities'
import type { BackupAssociationLevel, SchedulePattern } from '../../app/model/schedule'
import { patternText } from '../../app/rules/schedule-time'
import { deleteSchedulePolicyQuestion } from '../stores/delete-schedule-policy-store'
import { useDeleteSchedulePolicyStore, useSchedulePolicyDialogStore } from '../stores/schedule-hooks'
import { isBackupAssociated, isCopyAssociated, isPolicyAssociated, schedulePolicyFieldTab } from '../stores/schedule-form-model'
import {
  schedulePolicySessionProblems,
  schedulePolicyVisibleProblem,
  type SchedulePolicySession,
  type SchedulePolicyTab,
} from '../stores/schedule-policy-store'
import { useStores } from '../stores/stores-context'
import { ConfirmDialog } from './confirm-dialog'
import { ChoiceField, FieldRow, FormGrid, TextInput, useFocusRegistry } from './form-controls'
import { ScheduleDetailsDialog } from './schedule-pattern-fields'
import { ScheduleTable } from './schedule-table'
import { useWhileClosing } from '../components/use-while-closing'

/** The size of the page area: both tabs fit, so switching tabs never moves the dialog. */
const pageSize = { width: 760, height: 470 } as const

const tabLabels: Readonly<Record<SchedulePolicyTab, string>> = { general: 'General', associations: 'Associations' }
const allTabs: readonly SchedulePolicyTab[] = ['general', 'associations']

/** A pattern without its time zone (the grid shows the zone in its own column). */
export function patternWithoutZone(pattern: SchedulePattern): string {
  return patternText(pattern).replace(` (${pattern.timeZone})`, '')
}

/** General: name, type, description and the schedules. */
function GeneralPage({ session, idPrefix }: { session: SchedulePolicySession; idPrefix: string }) {
  const stores = useStores()
  const actions = stores.schedules.schedulePolicyDialog.getState()
  const register = useFocusRegistry(session.focus, session.tab)
  const problems = useMemo(() => schedulePolicySessionProblems(session), [session])
  const problem = (field: string): string | undefined => schedulePolicyVisibleProblem(session, problems, field)
  const systemCreated = session.details?.systemCreated === true
  const { values, selected } = session
  const backups = values.policyType === 'Data Protection'
  const schedulesProblem = problem('schedules')

  return (
    <FormGrid labelColumn={110}>
      <FieldRow label="Name" htmlFor={`${idPrefix}-name`} required={!systemCreated}>
        <TextInput
          id={`${idPrefix}-name`}
          value={values.name}
          onChange={(text) => actions.setValue('name', text)}
          onBlur={() => actions.touch('name')}
          readOnly={systemCreated}
          required={!systemCreated}
          problem={problem('name')}
          helperText={systemCreated ? 'Created by the CommServe: its name cannot change.' : undefined}
          inputRef={register('name')}
        />
      </FieldRow>
      <FieldRow label="Type" htmlFor={`${idPrefix}-type`}>
        {session.mode === 'create' ? (
          <Box sx={{ width: 200 }}>
            <ChoiceField
              id={`${idPrefix}-type`}
              options={typeChoices}
              value={typeChoices.find((choice) => choice.name === values.policyType)?.id ?? null}
              onChange={(id) => {
                const choice = typeChoices.find((candidate) => candidate.id === id)
                if (choice !== undefined) actions.setPolicyType(choice.name)
              }}
              helperText={values.policyType === 'Data Protection' ? 'Backs up the clients, agents or subclients it is associated with.' : 'Copies the storage policies or copies it is associated with.'}
            />
          </Box>
        ) : (
          <TextInput id={`${idPrefix}-type`} value={values.policyType} readOnly width={200} />
        )}
      </FieldRow>
      <FieldRow label="Description" htmlFor={`${idPrefix}-description`}>
        <TextInput
          id={`${idPrefix}-description`}
          value={values.description}
          onChange={(text) => actions.setValue('description', text)}
          onBlur={() => actions.touch('description')}
          placeholder="Optional"
          problem={problem('description')}
          inputRef={register('description')}
        />
      </FieldRow>
      <Box sx={{ gridColumn: '1 / -1', minWidth: 0 }}>
        <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start' }}>
          <Box sx={{ flex: 1, minWidth: 0 }} ref={register('schedules')} tabIndex={-1}>
            <ScheduleTable
              label="Schedules"
              {...(backups
                ? {
                    columns: ['Schedule Name', 'Backup Type', 'Pattern', 'Time Zone'],
                    widths: ['24%', '19%', '40%', '17%'],
                    rows: values.schedules.map((schedule) => [schedule.name, schedule.backupType, patternWithoutZone(schedule.pattern), schedule.pattern.timeZone]),
                  }
                : {
                    columns: ['Schedule Name', 'Pattern', 'Time Zone'],
                    widths: ['28%', '52%', '20%'],
                    rows: values.schedules.map((schedule) => [schedule.name, patternWithoutZone(schedule.pattern), schedule.pattern.timeZone]),
                  })}
              selected={selected}
              onSelect={(index) => actions.selectSchedule(index)}
              onOpen={(index) => actions.editSchedule(index)}
              emptyText="No schedule yet: click Add."
              height={204}
              invalid={schedulesProblem !== undefined}
            />
            {schedulesProblem !== undefined && (
              <FormHelperText error sx={{ mx: 0 }}>
                {schedulesProblem}
              </FormHelperText>
            )}
          </Box>
          <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1, width: 84 }}>
            <Button variant="outlined" size="small" onClick={() => actions.addSchedule()}>
              Add
            </Button>
            <Button variant="outlined" size="small" onClick={() => actions.editSchedule()} disabled={selected === null}>
              Edit
            </Button>
            <Button variant="outlined" size="small" onClick={() => actions.deleteSchedule()} disabled={selected === null}>
              Delete
            </Button>
          </Box>
        </Box>
      </Box>
    </FormGrid>
  )
}

/** An Associations page: what checking does, the bordered list of what can be checked, and how many are. */
function AssociationsFrame({ intro, helper, children }: { intro: string; helper: string; children: ReactNode }) {
  return (
    <Box>
      <Box sx={{ mb: 2, lineHeight: 1.5 }}>{intro}</Box>
      <Box
        role="group"
        aria-label="Associations"
        sx={{ height: 300, overflow: 'auto', border: 1, borderColor: 'console.chromeBorder', borderRadius: 0.5, bgcolor: 'background.paper', py: 1 }}
      >
        {children}
      </Box>
      <FormHelperText sx={{ mx: 0, mt: 1.5 }}>{helper}</FormHelperText>
    </Box>
  )
}

/** The Types New Schedule Policy offers (Data Aging is the CommServe's own). */
const typeChoices = [
  { id: 1, name: 'Auxiliary Copy' },
  { id: 2, name: 'Data Protection' },
] as const satisfies readonly { id: number; name: Exclude<SchedulePolicyType, 'Data Aging'> }[]

/** Associations of a Data Protection policy: client computers, their agents and subclients; a checked one covers what is under it. */
function BackupAssociationsPage({ session }: { session: SchedulePolicySession }) {
  const stores = useStores()
  const actions = stores.schedules.schedulePolicyDialog.getState()
  const associations = session.values.backupAssociations
  const count = associations.length
  const check = (level: BackupAssociationLevel, id: number, name: string, covered: boolean, label: ReactNode) => (
    <FormControlLabel
      label={label}
      disabled={covered}
      sx={{ mx: 0, px: 1, '& .MuiFormControlLabel-label': { fontSize: 13 } }}
      control={
        <Checkbox
          size="small"
          checked={covered || isBackupAssociated(associations, level, id)}
          onChange={(event) => actions.setBackupAssociated(level, id, event.target.checked)}
          sx={{ p: 0.75 }}
          slotProps={{ input: { 'aria-label': name } as object }}
        />
      }
    />
  )
  const muted = (text: string) => (
    <Box component="span" sx={{ ml: 1, color: 'console.muted' }}>
      {text}
    </Box>
  )
  return (
    <AssociationsFrame
      intro="Choose what this schedule policy backs up. A checked client or agent covers all its subclients, current and future; a checked subclient covers only that subclient."
      helper={
        count === 0
          ? 'Not associated: the schedule policy backs up nothing until a client, agent or subclient is checked.'
          : `${count} ${count === 1 ? 'association' : 'associations'}. Each covered subclient with content is backed up to its storage policy.`
      }
    >
        {session.clients === null && <Box sx={{ px: 2, color: 'console.muted' }}>Loading the client computers...</Box>}
        {session.clients?.length === 0 && <Box sx={{ px: 2, color: 'console.muted' }}>No client computer exists yet.</Box>}
        {session.clients?.map((client) => {
          const wholeClient = isBackupAssociated(associations, 'client', client.id)
          return (
            <Box key={client.id}>
              {check('client', client.id, client.name, false, <span>{client.name}{wholeClient && muted('(all agents and subclients, current and future)')}</span>)}
              <Box role="group" aria-label={`Agents of ${client.name}`} sx={{ pl: 4 }}>
                {client.agents.map((agent) => {
                  const agentName = `${client.name} / ${agent.name}`
                  const wholeAgent = wholeClient || isBackupAssociated(associations, 'agent', agent.id)
                  return (
                    <Box key={agent.id}>
                      {check('agent', agent.id, agentName, wholeClient, <span>{agent.name}{wholeAgent && !wholeClient && muted('(all subclients, current and future)')}</span>)}
                      <Box role="group" aria-label={`Subclients of ${agentName}`} sx={{ pl: 4 }}>
                        {agent.subclients.map((subclient) => (
                          <Box key={subclient.id}>{check('subclient', subclient.id, `${agentName} / ${subclient.name}`, wholeAgent, subclient.name)}</Box>
                        ))}
                      </Box>
                    </Box>
                  )
                })}
              </Box>
            </Box>
          )
        })}
    </AssociationsFrame>
  )
}

/** Associations: every storage policy (all its copies, current and future) or single secondary copies. */
function AssociationsPage({ session }: { session: SchedulePolicySession }) {
  const stores = useStores()
  const actions = stores.schedules.schedulePolicyDialog.getState()
  const { associations } = session.values
  const count = associations.length
  return (
    <AssociationsFrame
      intro="Choose what this schedule policy copies. A checked storage policy covers all its secondary copies, current and future; a checked copy covers only that copy."
      helper={
        count === 0
          ? 'Not associated: the schedule policy runs nothing until a storage policy or copy is checked.'
          : `${count} ${count === 1 ? 'association' : 'associations'}. New copies of a checked storage policy join this schedule policy when they are created.`
      }
    >
        {session.policies.length === 0 && <Box sx={{ px: 2, color: 'console.muted' }}>No storage policy exists yet.</Box>}
        {session.policies.map((policy) => {
          const whole = isPolicyAssociated(associations, policy.id)
          return (
            <Box key={policy.id}>
              <FormControlLabel
                label={
                  <span>
                    {policy.name}
                    {whole && (
                      <Box component="span" sx={{ ml: 1, color: 'console.muted' }}>
                        (all copies, current and future)
                      </Box>
                    )}
                  </span>
                }
                sx={{ mx: 0, px: 1, '& .MuiFormControlLabel-label': { fontSize: 13 } }}
                control={
                  <Checkbox
                    size="small"
                    checked={whole}
                    onChange={(event) => actions.setPolicyAssociated(policy.id, event.target.checked)}
                    sx={{ p: 0.75 }}
                    slotProps={{ input: { 'aria-label': policy.name } as object }}
                  />
                }
              />
              <Box role="group" aria-label={`Copies of ${policy.name}`} sx={{ pl: 5 }}>
                {policy.copies.length === 0 && (
                  <Box sx={{ pl: 1, py: 0.5, color: 'console.muted', fontSize: 12 }}>No active secondary copy yet.</Box>
                )}
                {policy.copies.map((copy) => (
                  <Box key={copy.id}>
                    <FormControlLabel
                      label={copy.name}
                      disabled={whole}
                      sx={{ mx: 0, px: 1, '& .MuiFormControlLabel-label': { fontSize: 13 } }}
                      control={
                        <Checkbox
                          size="small"
                          checked={whole || isCopyAssociated(associations, policy.id, copy.id)}
                          onChange={(event) => actions.setCopyAssociated(policy.id, copy.id, event.target.checked)}
                          sx={{ p: 0.75 }}
                          slotProps={{ input: { 'aria-label': `${policy.name} / ${copy.name}` } as object }}
                        />
                      }
                    />
                  </Box>
                ))}
              </Box>
            </Box>
          )
        })}
    </AssociationsFrame>
  )
}

/** The loaded dialog: tabs, pages and Schedule Details on top. */
function SchedulePolicyForm({ session, idPrefix }: { session: SchedulePolicySession; idPrefix: string }) {
  const stores = useStores()
  const actions = stores.schedules.schedulePolicyDialog.getState()
  const problems = useMemo(() => schedulePolicySessionProblems(session), [session])
  // Data Aging covers the whole CommCell: it has no associations, and its schedules no auxiliary copy options.
  const { policyType } = session.values
  const dataAging = policyType === 'Data Aging'
  const tabs = dataAging ? allTabs.filter((tab) => tab !== 'associations') : allTabs
  const tabsWithProblems = new Set(
    Object.keys({ ...problems, ...session.serverErrors })
      .filter((field) => schedulePolicyVisibleProblem(session, problems, field) !== undefined)
      .map((field) => schedulePolicyFieldTab(field)),
  )
  return (
    <>
      <Tabs
        value={session.tab}
        onChange={(_event, tab: SchedulePolicyTab) => actions.setTab(tab)}
        aria-label="Schedule Policy pages"
        sx={{ borderBottom: 1, borderColor: 'console.border', px: 2, bgcolor: 'console.chrome' }}
      >
        {tabs.map((tab) => (
          <Tab
            key={tab}
            value={tab}
            id={`${idPrefix}-tab-${tab}`}
            aria-controls={`${idPrefix}-panel-${tab}`}
            label={
              <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 1 }}>
                {tabLabels[tab]}
                {tabsWithProblems.has(tab) && <ErrorOutlineIcon aria-hidden sx={{ fontSize: 14, color: 'error.main' }} />}
              </Box>
            }
          />
        ))}
      </Tabs>
      {session.formError !== null && (
        <Alert severity="error" sx={{ mx: 4, mt: 3 }}>
          {session.formError}
        </Alert>
      )}
      <Box sx={{ flex: 1, minHeight: 0, overflow: 'auto' }}>
        {tabs.map((tab) => (
          <Box
            key={tab}
            role="tabpanel"
            id={`${idPrefix}-panel-${tab}`}
            aria-labelledby={`${idPrefix}-tab-${tab}`}
            hidden={tab !== session.tab}
            sx={{ display: tab === session.tab ? 'block' : 'none', px: 5, py: 3 }}
          >
            {tab === 'general' ? (
              <GeneralPage session={session} idPrefix={idPrefix} />
            ) : policyType === 'Data Protection' ? (
              <BackupAssociationsPage session={session} />
            ) : (
              <AssociationsPage session={session} />
            )}
          </Box>
        ))}
      </Box>
      <ScheduleDetailsDialog
        editor={session.editor}
        now={stores.schedules.now()}
        onChange={(field, value) => actions.setScheduleValue(field, value)}
        onTouch={(field) => actions.touchSchedule(field)}
        onOk={() => actions.acceptSchedule()}
        onCancel={() => actions.cancelSchedule()}
        auxCopyOptions={policyType === 'Auxiliary Copy'}
        backupOptions={policyType === 'Data Protection'}
      />
    </>
  )
}

/** The Schedule Policy dialog (one at a time, from its store). */
export function SchedulePolicyDialog() {
  const stores = useStores()
  const current = useSchedulePolicyDialogStore((state) => state.session)
  const session = useWhileClosing(current)
  const titleId = useId()
  const idPrefix = useId().replace(/:/g, '')
  const actions = stores.schedules.schedulePolicyDialog.getState()
  const busy = session?.status === 'saving'
  const close = (): void => actions.close()

  return (
    <Dialog
      open={current !== null}
      onClose={() => {
        if (!busy) close()
      }}
      maxWidth={false}
      aria-labelledby={titleId}
      slotProps={{ paper: { sx: { width: pageSize.width, maxWidth: 'calc(100vw - 32px)' } } }}
    >
      <DialogTitle id={titleId} sx={{ bgcolor: 'console.chrome', borderBottom: 1, borderColor: 'console.border' }}>
        {session?.mode === 'create' ? 'New Schedule Policy' : 'Schedule Policy Properties'}
      </DialogTitle>
      <DialogContent sx={{ p: 0, height: pageSize.height, maxHeight: 'calc(100vh - 140px)', display: 'flex', flexDirection: 'column' }}>
        {session?.status === 'loading' && (
          <Box sx={{ display: 'flex', justifyContent: 'center', alignItems: 'center', flex: 1 }}>
            <CircularProgress size={24} aria-label="Loading schedule policy" />
          </Box>
        )}
        {session?.status === 'error' && (
          <Alert severity="error" sx={{ m: 4 }}>
            {session.loadError}
          </Alert>
        )}
        {session !== null && (session.status === 'ready' || session.status === 'saving') && (
          <SchedulePolicyForm key={session.key} session={session} idPrefix={idPrefix} />
        )}
      </DialogContent>
      <DialogActions sx={{ borderTop: 1, borderColor: 'console.border', px: 4, py: 2, gap: 1 }}>
        {busy && <CircularProgress size={16} aria-label="Saving" sx={{ mr: 'auto', ml: 1 }} />}
        <Button variant="contained" onClick={() => void actions.submit()} disabled={current?.status !== 'ready'} sx={{ minWidth: 80 }}>
          OK
        </Button>
        <Button variant="outlined" onClick={close} disabled={busy} sx={{ minWidth: 80 }}>
          Cancel
        </Button>
      </DialogActions>
    </Dialog>
  )
}

/** Delete of a schedule policy: names the copies that depend on it before anything is deleted. */
export function DeleteSchedulePolicyDialog() {
  const stores = useStores()
  const confirmation = useDeleteSchedulePolicyStore((state) => state.confirmation)
  const actions = stores.schedules.deleteSchedulePolicy.getState()
  const ready = confirmation?.status === 'ready' || confirmation?.status === 'deleting'
  const message =
    confirmation === null
      ? ''
      : ready
        ? deleteSchedulePolicyQuestion(confirmation)
        : confirmation.status === 'loading'
          ? `Loading the associations of ${confirmation.policyName}...`
          : `${confirmation.policyName} cannot be deleted.`
  return (
    <ConfirmDialog
      open={confirmation !== null}
      title="Delete Schedule Policy"
      message={message}
      confirmLabel="Delete"
      cancelLabel="Cancel"
      destructive
      busy={confirmation?.status === 'deleting' || confirmation?.status === 'loading'}
      error={confirmation?.error ?? null}
      confirmDisabled={confirmation?.status === 'error'}
      onConfirm={() => void actions.confirm()}
      onCancel={() => actions.close()}
    />
  )
}
