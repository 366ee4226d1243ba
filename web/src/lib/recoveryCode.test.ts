import {
  looksLikeRecoveryCode,
  normaliseRecoveryCodeInput,
} from './recoveryCode'

describe('recoveryCode', () => {
  it.each([
    ['abcde-fghjk', 'abcdefghjk'],
    ['abcdefghjk', 'abcdefghjk'],
    ['ABCDE-FGHJK', 'abcdefghjk'],
    ['  abcde fghjk\n', 'abcdefghjk'],
    ['abcde\u2013fghjk', 'abcdefghjk'],
  ])('reads %p as %p', (typed, normalised) => {
    expect(normaliseRecoveryCodeInput(typed)).toBe(normalised)
    expect(looksLikeRecoveryCode(typed)).toBe(true)
  })

  it.each([
    ['too short', 'abcde-fghj'],
    ['too long', 'abcde-fghjkm'],
    ['punctuation', 'abcde_fghjk'],
    ['a six-digit code', '123456'],
    ['nothing', ''],
  ])('refuses %s', (_, typed) => {
    expect(looksLikeRecoveryCode(typed)).toBe(false)
  })
})
