import crypto from 'node:crypto'

import { assertStrongSecret, secretWeakness } from './secrets'

const randomKeys = () => [
  // What the set-up script and the error message make.
  ...Array.from({ length: 50 }, () =>
    crypto.randomBytes(32).toString('base64')
  ),
  // `openssl rand -hex 32` and `yarn rw g secret` style keys.
  ...Array.from({ length: 50 }, () => crypto.randomBytes(32).toString('hex')),
  ...Array.from({ length: 50 }, () =>
    crypto.randomBytes(48).toString('base64url')
  ),
]

describe('assertStrongSecret', () => {
  it('accepts random keys in the usual encodings', () => {
    for (const key of randomKeys()) {
      expect(secretWeakness(key)).toBeUndefined()
      expect(() => assertStrongSecret('SESSION_SECRET', key)).not.toThrow()
    }
  })

  it.each([
    ['shorter than 32 bytes', crypto.randomBytes(16).toString('base64')],
    ['one repeated character', 'x'.repeat(48)],
    ['a short repeated pattern', 'k3Y!'.repeat(12)],
    ['a longer repeated pattern', 'Qm9vZ2x1bTQy'.repeat(4)],
    ['few distinct characters', '0110100110210110130101100410100101'],
    ['a placeholder word', 'changeme-please-before-going-live-0001'],
    ['the word secret', 'my own long Session Key for the app!!'],
    ['a run of the alphabet', 'abcdefghijklmnopqrstuvwxyz0123456789'],
    ['a run of digits', 'Tq9$Lp2#Wz7!Mx4&123456789Rb8*Kc3@'],
  ])('refuses a key that is %s', (_case, value) => {
    expect(secretWeakness(value)).toEqual(expect.any(String))
    expect(() => assertStrongSecret('SESSION_SECRET', value)).toThrow(
      /^SESSION_SECRET is too weak to use: /
    )
  })

  it('says how to make a key, and never repeats the value', () => {
    const value = 'changeme-please-before-going-live-0001'
    let message = ''
    try {
      assertStrongSecret('OTP_HMAC_SECRET', value)
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toContain('OTP_HMAC_SECRET')
    expect(message).toContain(
      `node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`
    )
    expect(message).not.toContain(value)
    expect(() => assertStrongSecret('OTP_HMAC_SECRET', undefined)).toThrow(
      /OTP_HMAC_SECRET is not set/
    )
  })
})
