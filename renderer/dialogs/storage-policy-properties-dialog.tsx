/**
 * Storage Policy Properties: General (Storage Policy Name, Storage Policy Type and No. of Copies read-only, Device
 * Streams edited) and Copy Precedence (the copies in order with Move Up / Move Down; the primary copy stays 1). OK
 * saves both with `policies:update`. State and rules live in the policy properties store; this only shows them.
 */
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import CircularProgress from '@mui/material/CircularProgress'
import DialogContent from '@mui/material/DialogContent'
import FormHelperText from '@mui/material/FormHelperText'
import Tab from '@mui/material/Tab'
import Tabs from '@mui/material/Tabs'
import { useId } from 'react'
import { copyTypeLabel } from '../../app/rules/copy-labels'
import { canMove } from '../../app/rules/copy-promotion'
import { useWhileClosing } from '../components/use-while-closing'
import { usePolicyPropertiesStore } from '../stores/dialog-hooks'
import type { PolicyPropertiesSession, PolicyPropertiesTab } from '../stores/policy-properties-store'
import { useStores } from '../stores/stores-context'
import { ConsoleDialog } from './console-dialog'
import { OkCancelActions } from './dialog-actions'
import { FieldRow, FormGrid, TextInput, onEnterInField, useFocusRegistry } from './form-controls'
import { OptionList } from './job-form-controls'

const tabs: readonly { readonly id: PolicyPropertiesTab; readonly label: string }[] = [
  { id: 'general', label: 'General' },
  { id: 'precedence', label: 'Copy Precedence' },
]

/** The loaded dialog: its tabs and pages. */
function PolicyForm({ session, idPrefix }: { session: PolicyPropertiesSession; idPrefix: string }) {
  const stores = useStores()
  const actions = stores.policyProperties.getState()
  const register = useFocusRegistry(session.focus, session.tab)
  const policy = session.policy
  if (policy === null) return null
  const editable = session.status === 'ready'
  const movable = (direction: 'up' | 'down') => editable && session.selected !== null && canMove(session.order, session.selected, direction)

  return (
    <>
      <Tabs
        value={session.tab}
        onChange={(_event, tab: PolicyPropertiesTab) => actions.setTab(tab)}
        aria-label="Storage Policy Properties pages"
        sx={{ borderBottom: 1, borderColor: 'console.border', px: 2, bgcolor: 'console.chrome' }}
      >
        {tabs.map((tab) => (
          <Tab key={tab.id} value={tab.id} label={tab.label} id={`${idPrefix}-tab-${tab.id}`} aria-controls={`${idPrefix}-panel-${tab.id}`} />
        ))}
      </Tabs>
      {session.formError !== null && (
        <Alert severity="error" sx={{ mx: 5, mt: 3 }}>
          {session.formError}
        </Alert>
      )}
      <Box
        role="tabpanel"
        id={`${idPrefix}-panel-general`}
        aria-labelledby={`${idPrefix}-tab-general`}
        hidden={session.tab !== 'general'}
        sx={{ px: 5, py: 4 }}
        onKeyDown={onEnterInField(() => void actions.save())}
      >
        <FormGrid>
          <FieldRow label="Storage Policy Name" htmlFor={`${idPrefix}-name`}>
            <TextInput id={`${idPrefix}-name`} value={policy.name} readOnly />
          </FieldRow>
          <FieldRow label="Storage Policy Type" htmlFor={`${idPrefix}-type`}>
            <TextInput id={`${idPrefix}-type`} value={policy.type} readOnly />
          </FieldRow>
          <FieldRow label="No. of Copies" htmlFor={`${idPrefix}-copies`}>
            <TextInput id={`${idPrefix}-copies`} value={String(policy.copies.length)} readOnly />
          </FieldRow>
          <FieldRow label="Device Streams" htmlFor={`${idPrefix}-streams`} required>
            <TextInput
              id={`${idPrefix}-streams`}
              value={session.deviceStreams}
              onChange={(text) => actions.setDeviceStreams(text)}
              inputMode="numeric"
              required
              problem={session.deviceStreamsProblem ?? undefined}
              helperText="How many streams each copy of this policy takes at once (an auxiliary copy uses at most this many)."
              inputRef={register('deviceStreams')}
            />
          </FieldRow>
        </FormGrid>
      </Box>
      <Box
        role="tabpanel"
        id={`${idPrefix}-panel-precedence`}
        aria-labelledby={`${idPrefix}-tab-precedence`}
        hidden={session.tab !== 'precedence'}
        sx={{ px: 5, py: 4, display: session.tab === 'precedence' ? 'flex' : 'none', gap: 2, alignItems: 'flex-start' }}
      >
        <Box sx={{ flex: 1, minWidth: 0 }}>
          <OptionList
            label="Copy Precedence"
            options={session.order.map((copy, index) => ({
              id: copy.id,
              name: `${index + 1}  ${copy.name}`,
              detail: `${copyTypeLabel(copy.copyType)}, ${copy.library}${copy.active ? '' : ' (inactive)'}`,
            }))}
            value={session.selected}
            onChange={(id) => actions.select(id)}
            disabled={!editable}
            problem={session.orderProblem ?? undefined}
            listRef={register('copyOrder')}
            height={180}
          />
          <FormHelperText error={session.orderProblem !== null} sx={{ mx: 0 }}>
            {session.orderProblem ??
              'Browse and restore read each job from the copy with the lowest precedence that holds it. The primary copy is always precedence 1.'}
          </FormHelperText>
        </Box>
        <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
          <Button variant="outlined" onClick={() => actions.move('up')} disabled={!movable('up')} sx={{ minWidth: 96, height: 30 }}>
            Move Up
          </Button>
          <Button variant="outlined" onClick={() => actions.move('down')} disabled={!movable('down')} sx={{ minWidth: 96, height: 30 }}>
            Move Down
          </Button>
        </Box>
      </Box>
    </>
  )
}

/** The Storage Policy Properties dialog (one at a time, from its store). */
export function StoragePolicyPropertiesDialog() {
  const stores = useStores()
  const session = usePolicyPropertiesStore((state) => state.session)
  const shown = useWhileClosing(session)
  const idPrefix = useId().replace(/:/g, '')
  const busy = session?.status === 'saving'
  const close = (): void => stores.policyProperties.getState().close()
  const title = shown?.policy == null ? 'Storage Policy Properties' : `Storage Policy Properties: ${shown.policy.name}`

  return (
    <ConsoleDialog open={session !== null} title={title} width={620} busy={busy} onClose={close}>
      <DialogContent sx={{ p: 0, height: 340, maxHeight: 'calc(100vh - 140px)' }}>
        {shown?.status === 'loading' && (
          <Box sx={{ display: 'flex', justifyContent: 'center', p: 8 }}>
            <CircularProgress size={24} aria-label="Loading storage policy properties" />
          </Box>
        )}
        {shown?.status === 'error' && (
          <Alert severity="error" sx={{ m: 4 }}>
            {shown.loadError}
          </Alert>
        )}
        {shown != null && shown.policy !== null && <PolicyForm key={shown.key} session={shown} idPrefix={idPrefix} />}
      </DialogContent>
      <OkCancelActions
        busy={busy}
        busyLabel="Saving"
        onOk={() => void stores.policyProperties.getState().save()}
        okDisabled={session?.status !== 'ready'}
        onCancel={close}
      />
    </ConsoleDialog>
  )
}
