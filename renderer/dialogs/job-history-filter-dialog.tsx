/**
 * The Job History Filter (right-click the CommCell > Job History): Operation, Storage Policy, Client, Job Status and
 * Time Range (Specify Time Range with its Start Time and End Time); OK lists the matching jobs in the Job History tab.
 * State and rules live in the job history store; this only shows them.
 */
import { useId } from 'react'
import { HistoryJobStatus, type JobHistoryFormData } from '../../app/model/job-history'
import { Operation } from '../../app/model/jobs'
import { historyVisibleProblem, type JobHistorySession, type JobHistoryValues } from '../stores/job-history-store'
import { useJobHistoryStore } from '../stores/job-hooks'
import { useStores } from '../stores/stores-context'
import { ChoiceField, FieldRow, FormGrid, useFocusRegistry, type ListChoice } from './form-controls'
import { FilterDialogFrame, TimeRangeFields, withAll } from './filter-dialog-parts'

const operations = withAll(Operation.options, (operation) => operation)
const statuses = withAll(HistoryJobStatus.options, (status) => status)

/** Storage Policy and Client: All, or one by its catalog id. */
function byId(rows: JobHistoryFormData['clients']): ListChoice[] {
  return [{ id: 0, name: 'All' }, ...rows]
}

/** The loaded dialog's fields. */
function FilterForm({ session, idPrefix }: { session: JobHistorySession; idPrefix: string }) {
  const stores = useStores()
  const register = useFocusRegistry(session.focus, 'general')
  const set = <K extends keyof JobHistoryValues>(field: K, value: JobHistoryValues[K]): void => stores.jobHistory.getState().setValue(field, value)
  const { values, form } = session
  return (
    <FormGrid labelColumn={110}>
      <FieldRow label="Operation" htmlFor={`${idPrefix}-operation`}>
        <ChoiceField
          id={`${idPrefix}-operation`}
          options={operations.choices}
          value={operations.idOf(values.operation)}
          onChange={(id) => set('operation', operations.valueOf(id))}
        />
      </FieldRow>
      <FieldRow label="Storage Policy" htmlFor={`${idPrefix}-policy`}>
        <ChoiceField
          id={`${idPrefix}-policy`}
          options={byId(form?.storagePolicies ?? [])}
          value={values.storagePolicyId ?? 0}
          onChange={(id) => set('storagePolicyId', id === 0 ? null : id)}
        />
      </FieldRow>
      <FieldRow label="Client" htmlFor={`${idPrefix}-client`}>
        <ChoiceField
          id={`${idPrefix}-client`}
          options={byId(form?.clients ?? [])}
          value={values.clientId ?? 0}
          onChange={(id) => set('clientId', id === 0 ? null : id)}
          helperText="Backups and restores of its subclients."
        />
      </FieldRow>
      <FieldRow label="Job Status" htmlFor={`${idPrefix}-status`}>
        <ChoiceField
          id={`${idPrefix}-status`}
          options={statuses.choices}
          value={statuses.idOf(values.status)}
          onChange={(id) => set('status', statuses.valueOf(id))}
        />
      </FieldRow>
      <TimeRangeFields
        idPrefix={idPrefix}
        values={values}
        problemOf={(field) => historyVisibleProblem(session, field)}
        actions={stores.jobHistory.getState()}
        register={register}
      />
    </FormGrid>
  )
}

/** The Job History Filter dialog (one at a time, from the job history store). */
export function JobHistoryFilterDialog() {
  const stores = useStores()
  const session = useJobHistoryStore((state) => state.session)
  const idPrefix = useId().replace(/:/g, '')
  const close = (): void => stores.jobHistory.getState().close()

  return (
    <FilterDialogFrame
      open={session !== null}
      title="Job History Filter"
      status={session?.status ?? null}
      loadError={session?.loadError ?? null}
      loadingLabel="Loading the storage policies and clients"
      onOk={() => stores.jobHistory.getState().submit()}
      onClose={close}
    >
      {session?.form != null && <FilterForm key={session.key} session={session} idPrefix={idPrefix} />}
    </FilterDialogFrame>
  )
}
