/** Mark Bad on a medium: the question naming it and the data it holds, then `media:setStatus`. */
import { useWhileClosing } from '../components/use-while-closing'
import { useMediaStore } from '../stores/media-hooks'
import { markBadQuestion } from '../stores/media-store'
import { useStores } from '../stores/stores-context'
import { ConfirmDialog } from './confirm-dialog'

/** Mark Bad (one at a time, from the media store). */
export function MarkMediaBadDialog() {
  const stores = useStores()
  const confirmation = useMediaStore((state) => state.markBad)
  const shown = useWhileClosing(confirmation)
  const actions = stores.media.getState()
  return (
    <ConfirmDialog
      open={confirmation !== null}
      title="Mark Bad"
      message={shown === null ? '' : shown.status === 'loading' ? `Loading ${shown.barcode}...` : markBadQuestion(shown.barcode, shown.jobs)}
      confirmLabel="Mark Bad"
      cancelLabel="Cancel"
      destructive
      busy={confirmation?.status === 'marking' || confirmation?.status === 'loading'}
      error={confirmation?.error ?? null}
      confirmDisabled={confirmation?.mediumId === 0}
      onConfirm={() => void actions.confirmMarkBad()}
      onCancel={() => actions.cancelMarkBad()}
    />
  )
}
