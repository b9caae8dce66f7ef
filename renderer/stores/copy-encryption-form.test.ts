import { describe, expect, test } from 'vitest'
import { keysLockedReason } from '../../app/rules/copy-encryption'
import { financeCopy, financeForm, fixtureNow } from '../testing/copy-fixtures'
import { asksPassphrase, changeCopyValue, copyFieldTab, copyValuesProblems, createCopyInput, existingCopyValues, newCopyValues, updateCopyInput, type CopyFormSetting } from './copy-form-model'

const creating: CopyFormSetting = { form: financeForm(), copy: null, now: fixtureNow }

describe('Copy Properties > Advanced > Encryption', () => {
  test('the first encrypted copy asks for a passphrase, confirmed, and sends both with the cipher', () => {
    let values = changeCopyValue(newCopyValues(financeForm()), 'libraryId', 2, creating)
    values = changeCopyValue(values, 'encrypt', true, creating)
    expect(asksPassphrase(values, creating)).toBe(true)
    expect(copyValuesProblems(values, creating)).toMatchObject({ passphrase: 'The passphrase must be at least 8 characters.' })
    values = { ...values, passphrase: 'long enough', passphraseConfirm: 'long enougH' }
    expect(copyValuesProblems(values, creating)).toEqual({ passphraseConfirm: 'The two passphrases do not match.' })
    values = { ...values, passphraseConfirm: 'long enough' }
    expect(copyValuesProblems(values, creating)).toEqual({})
    expect(createCopyInput(values, financeForm(), { confirmAllBackups: false, auxCopySchedule: null })).toMatchObject({
      encryption: 'AES-256', passphrase: 'long enough', passphraseConfirm: 'long enough',
    })
    expect(copyFieldTab('passphrase')).toBe('advanced')
  })

  test('with the keys open no passphrase is asked; locked, Re-encrypt data is refused with the reason', () => {
    const unlocked: CopyFormSetting = { ...creating, form: financeForm({ keyState: 'unlocked' }) }
    const values = { ...changeCopyValue(newCopyValues(financeForm()), 'libraryId', 2, unlocked), encrypt: true }
    expect(asksPassphrase(values, unlocked)).toBe(false)
    expect(copyValuesProblems(values, unlocked)).toEqual({})
    expect(createCopyInput(values, unlocked.form, { confirmAllBackups: false, auxCopySchedule: null })).not.toHaveProperty('passphrase')
    const locked: CopyFormSetting = { ...creating, form: financeForm({ keyState: 'locked' }) }
    expect(copyValuesProblems(values, locked).encryption).toContain(keysLockedReason)
  })

  test('chosen on a tape library and with deduplication; refused on a copy that holds jobs', () => {
    const unlocked: CopyFormSetting = { ...creating, form: financeForm({ keyState: 'unlocked' }) }
    const tape = { ...changeCopyValue(newCopyValues(financeForm()), 'libraryId', 3, unlocked), encrypt: true }
    expect(copyValuesProblems(tape, unlocked).encryption).toBeUndefined()
    const dedup = { ...changeCopyValue(changeCopyValue(newCopyValues(financeForm()), 'libraryId', 2, unlocked), 'dedup', true, unlocked), encrypt: true }
    expect(copyValuesProblems(dedup, unlocked).encryption).toBeUndefined()

    const copy = financeCopy({ copiedJobs: 4 })
    const existing: CopyFormSetting = { form: financeForm({ keyState: 'unlocked' }), copy, now: fixtureNow }
    const values = { ...existingCopyValues(copy), encrypt: true }
    expect(copyValuesProblems(values, existing).encryption).toBe('Re-encrypt data can change only while Copy_2 holds no job; 4 jobs have been copied to it.')
    // Unchanged, it is not sent at all.
    expect(updateCopyInput(existingCopyValues(copy), copy, existing.form)).not.toHaveProperty('encryption')
  })
})
