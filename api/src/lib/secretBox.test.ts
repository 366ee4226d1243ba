import crypto from 'node:crypto'

import { encryptionKey, open, seal } from './secretBox'

const key = () => encryptionKey(crypto.randomBytes(32))

describe('sealed secrets (AES-256-GCM)', () => {
  it('open with the key that sealed them, and carry that key id', () => {
    const current = key()
    const sealed = seal('JBSWY3DPEHPK3PXP', 'totp:1', current)
    expect(sealed.secretKeyId).toBe(current.id)
    expect(sealed.secret).not.toContain('JBSWY3DPEHPK3PXP')
    expect(open(sealed, 'totp:1', [current])).toBe('JBSWY3DPEHPK3PXP')
  })

  it('after a key rotation, open with the previous key by its id', () => {
    const old = key()
    const sealed = seal('JBSWY3DPEHPK3PXP', 'totp:1', old)
    const current = key()
    expect(() => open(sealed, 'totp:1', [current])).toThrow(/No encryption key/)
    expect(open(sealed, 'totp:1', [current, old])).toBe('JBSWY3DPEHPK3PXP')
  })

  it('are bound to what they are for: another account cannot open them', () => {
    const current = key()
    const sealed = seal('JBSWY3DPEHPK3PXP', 'totp:1', current)
    expect(() => open(sealed, 'totp:2', [current])).toThrow(/does not open/)
  })

  it('refuse tampered ciphertexts', () => {
    const current = key()
    const sealed = seal('JBSWY3DPEHPK3PXP', 'totp:1', current)
    const [version, iv, body, tag] = sealed.secret.split('.')
    const flipped = Buffer.from(body, 'base64url')
    flipped[0] ^= 1
    const tampered = [version, iv, flipped.toString('base64url'), tag].join('.')
    expect(() =>
      open({ ...sealed, secret: tampered }, 'totp:1', [current])
    ).toThrow(/does not open/)
  })

  it('use a new IV every time', () => {
    const current = key()
    const a = seal('same', 'totp:1', current)
    const b = seal('same', 'totp:1', current)
    expect(a.secret).not.toBe(b.secret)
  })
})
