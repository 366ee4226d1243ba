import {
  matchTotpStep,
  newTotpSecret,
  normaliseTotpInput,
  totpCodeAt,
} from './totpCode'

// RFC 6238 Appendix B: the SHA-1 rows use the 20-byte ASCII key
// "12345678901234567890" (base32 below) and print 8-digit codes.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
const RFC_SHA1_VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
]

describe('TOTP codes (RFC 6238)', () => {
  it.each(RFC_SHA1_VECTORS)(
    'at %i s the app shows %s (Appendix B, SHA-1), and the 6-digit form verifies',
    (atSeconds, expected) => {
      expect(totpCodeAt(RFC_SECRET, atSeconds, 8)).toBe(expected)
      // A 6-digit code is the same truncation mod 10^6: the last six digits.
      const sixDigits = expected.slice(-6)
      expect(totpCodeAt(RFC_SECRET, atSeconds)).toBe(sixDigits)
      expect(matchTotpStep(RFC_SECRET, sixDigits, atSeconds)).toBe(
        Math.floor(atSeconds / 30)
      )
    }
  )

  // A fixed secret and clock keep these deterministic (no chance collisions).
  const now = 1_800_000_015 // 15 s into step 60,000,000
  const step = Math.floor(now / 30)
  const codeAtStep = (offset: number) =>
    totpCodeAt(RFC_SECRET, (step + offset) * 30)

  it('accepts one step of drift either way and nothing beyond', () => {
    expect(matchTotpStep(RFC_SECRET, codeAtStep(0), now)).toBe(step)
    expect(matchTotpStep(RFC_SECRET, codeAtStep(-1), now)).toBe(step - 1)
    expect(matchTotpStep(RFC_SECRET, codeAtStep(1), now)).toBe(step + 1)
    for (const offset of [-3, -2, 2, 3]) {
      expect(matchTotpStep(RFC_SECRET, codeAtStep(offset), now)).toBeNull()
    }
  })

  it('the window moves with the clock at a step boundary', () => {
    const boundary = step * 30
    const lastStepCode = codeAtStep(-1)
    // The last step's code is one step old until the next boundary...
    expect(matchTotpStep(RFC_SECRET, lastStepCode, boundary)).toBe(step - 1)
    expect(matchTotpStep(RFC_SECRET, lastStepCode, boundary + 29)).toBe(
      step - 1
    )
    // ...and two steps old, refused, from then on.
    expect(matchTotpStep(RFC_SECRET, lastStepCode, boundary + 30)).toBeNull()
  })

  it('secrets are 160 random bits, base32', () => {
    const secrets = new Set(Array.from({ length: 50 }, () => newTotpSecret()))
    expect(secrets.size).toBe(50)
    for (const secret of secrets) {
      expect(secret).toMatch(/^[A-Z2-7]{32}$/) // 32 × 5 bits = 160 bits
    }
  })

  it('only six ASCII digits can match; spaces and dashes people type are dropped', () => {
    const secret = newTotpSecret()
    const code = totpCodeAt(secret, now)
    expect(
      matchTotpStep(
        secret,
        normaliseTotpInput(`${code.slice(0, 3)} ${code.slice(3)}`),
        now
      )
    ).not.toBeNull()
    expect(
      matchTotpStep(
        secret,
        normaliseTotpInput(`${code.slice(0, 3)}-${code.slice(3)}`),
        now
      )
    ).not.toBeNull()
    for (const bad of [
      '',
      '12345',
      '1234567',
      '12a456',
      '１２３４５６',
      'x'.repeat(10_000),
    ]) {
      expect(matchTotpStep(secret, normaliseTotpInput(bad), now)).toBeNull()
    }
  })
})
