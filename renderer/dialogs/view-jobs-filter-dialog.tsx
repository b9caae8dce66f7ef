/**
 * A copy's View Jobs filter (`Filter...` in View Jobs): Job Type, Job Status on the copy and Time Range (Specify Time
 * Range with its Start Time and End Time); OK lists the matching jobs in the copy's View Jobs tab. State and rules
 * live in the View Jobs filter store; this only shows them.
 */
import { useId } from 'react'
import { BackupType, JobCopyStatus } from '../../app/model/entities'
import { viewJobsVisibleProblem, type ViewJobsFilterSession, type ViewJobsValues } from '../stores/view-jobs-filter-store'
import { useViewJobsFilterStore } from '../stores/dialog-hooks'
import { useStores } from '../stores/stores-context'
import { FilterDialogFrame, TimeRangeFields, withAll } from './filter-dialog-parts'
import { ChoiceField, FieldRow, FormGrid, useFocusRegistry } from './form-controls'

const backupTypes = withAll(BackupType.options, (type) => type)
const statuses = withAll(JobCopyStatus.options, (status) => status)

/** The loaded dialog's fields. */
function FilterForm({ session, idPrefix }: { session: ViewJobsFilterSession; idPrefix: string }) {
  const stores = useStores()
  const register = useFocusRegistry(session.focus, 'general')
  const set = <K extends keyof ViewJobsValues>(field: K, value: ViewJobsValues[K]): void => stores.viewJobsFilter.getState().setValue(field, value)
  const { values } = session
  return (
    <FormGrid labelColumn={110}>
      <FieldRow label="Job Type" htmlFor={`${idPrefix}-type`}>
        <ChoiceField id={`${idPrefix}-type`} options={backupTypes.choices} value={backupTypes.idOf(values.backupType)} onChange={(id) => set('backupType', backupTypes.valueOf(id))} />
      </FieldRow>
      <FieldRow label="Job Status" htmlFor={`${idPrefix}-status`}>
        <ChoiceField
          id={`${idPrefix}-status`}
          options={statuses.choices}
          value={statuses.idOf(values.status)}
          onChange={(id) => set('status', statuses.valueOf(id))}
          helperText={`The job's state on ${session.node.name}.`}
        />
      </FieldRow>
      <TimeRangeFields
        idPrefix={idPrefix}
        values={values}
        problemOf={(field) => viewJobsVisibleProblem(session, field)}
        actions={stores.viewJobsFilter.getState()}
        register={register}
      />
    </FormGrid>
  )
}

/** The View Jobs filter dialog (one at a time, from its store). */
export function ViewJobsFilterDialog() {
  const stores = useStores()
  const session = useViewJobsFilterStore((state) => state.session)
  const idPrefix = useId().replace(/:/g, '')
  const close = (): void => stores.viewJobsFilter.getState().close()
  return (
    <FilterDialogFrame
      open={session !== null}
      title={session === null ? 'View Jobs Filter' : `View Jobs Filter: ${session.node.name}`}
      status={session?.status ?? null}
      loadError={session?.loadError ?? null}
      loadingLabel="Loading the CommServe's time"
      onOk={() => stores.viewJobsFilter.getState().submit()}
      onClose={close}
    >
      {session !== null && <FilterForm key={session.key} session={session} idPrefix={idPrefix} />}
    </FilterDialogFrame>
  )
}
