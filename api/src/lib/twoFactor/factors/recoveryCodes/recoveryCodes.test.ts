import crypto from 'node:crypto'

import {
  newRecoveryCode,
  normaliseRecoveryCode,
  RECOVERY_CODE_COUNT,
} from './recoveryCodes'

describe('recovery codes', () => {
  it('are ten characters from a 32-letter alphabet (50 bits) drawn with crypto.randomInt', () => {
    const randomInt = jest.fn(crypto.randomInt)
    const code = newRecoveryCode(randomInt as never)
    expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/)
    expect(randomInt).toHaveBeenCalledTimes(10)
    for (const [max] of randomInt.mock.calls) {
      expect(max).toBe(32) // 10 × log2(32) = 50 bits
    }
    expect(RECOVERY_CODE_COUNT).toBe(10)
  })

  it('use the whole alphabet', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 400; i++) {
      for (const char of newRecoveryCode().replace('-', '')) seen.add(char)
    }
    expect(seen.size).toBe(32)
  })

  it('are accepted with or without the dash or spaces, in any case, with look-alike letters read as digits', () => {
    expect(normaliseRecoveryCode('ab1c0-ghjk2')).toBe('ab1c0ghjk2')
    expect(normaliseRecoveryCode('AB1C0GHJK2')).toBe('ab1c0ghjk2')
    expect(normaliseRecoveryCode(' ab1c0 ghjk2 ')).toBe('ab1c0ghjk2')
    expect(normaliseRecoveryCode('abIcO-ghjk2')).toBe('ab1c0ghjk2')
    expect(normaliseRecoveryCode('ablco-ghjk2')).toBe('ab1c0ghjk2')
  })

  it('anything else normalises to nothing', () => {
    for (const bad of [
      '',
      'ab1c0-ghjk',
      'ab1c0-ghjk22',
      'ab1c0-ghjku', // no u in Crockford's alphabet
      'ab1c0_ghjk2',
      'x'.repeat(10_000),
      42,
      null,
    ]) {
      expect(normaliseRecoveryCode(bad)).toBe('')
    }
  })
})
