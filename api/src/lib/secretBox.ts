import crypto from 'node:crypto'

/**
 * Seals small secrets (authenticator-app keys) for storage with AES-256-GCM.
 * Each sealed value is stored beside the id of the key that sealed it, so
 * the key can be rotated: new values use the current key, older ones still
 * open with a previous key until they are re-sealed. The associated data
 * binds a value to what it is for (e.g. `totp:<user id>`), so a sealed secret
 * copied to another account's row does not open.
 */

export type EncryptionKey = { id: string; key: Buffer }
export type Sealed = { secret: string; secretKeyId: string }

const VERSION = 'v1'
const IV_BYTES = 12

/** A short, stable id for a key: not secret, it only says which key was used. */
export const keyIdOf = (key: Buffer) =>
  crypto.createHash('sha256').update(key).digest('hex').slice(0, 12)

export const encryptionKey = (key: Buffer): EncryptionKey => ({
  id: keyIdOf(key),
  key,
})

export const seal = (
  plaintext: string,
  associatedData: string,
  { id, key }: EncryptionKey
): Sealed => {
  const iv = crypto.randomBytes(IV_BYTES)
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(associatedData, 'utf8'))
  const ciphertext = Buffer.concat([
    cipher.update(plaintext, 'utf8'),
    cipher.final(),
  ])
  const parts = [iv, ciphertext, cipher.getAuthTag()].map((part) =>
    part.toString('base64url')
  )
  return { secret: [VERSION, ...parts].join('.'), secretKeyId: id }
}

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SecretBoxError'
  }
}

/** Opens a sealed value with whichever of `keys` sealed it; throws if none did. */
export const open = (
  { secret, secretKeyId }: Sealed,
  associatedData: string,
  keys: EncryptionKey[]
): string => {
  const match = keys.find((candidate) => candidate.id === secretKeyId)
  if (!match) {
    throw new SecretBoxError(
      `No encryption key with id ${secretKeyId} is configured (see TWO_FACTOR_PREVIOUS_ENCRYPTION_KEYS)`
    )
  }
  const [version, iv, ciphertext, tag] = secret.split('.')
  if (version !== VERSION || !iv || !ciphertext || !tag) {
    throw new SecretBoxError('Not a sealed value')
  }
  try {
    const decipher = crypto.createDecipheriv(
      'aes-256-gcm',
      match.key,
      Buffer.from(iv, 'base64url')
    )
    decipher.setAAD(Buffer.from(associatedData, 'utf8'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([
      decipher.update(Buffer.from(ciphertext, 'base64url')),
      decipher.final(),
    ]).toString('utf8')
  } catch {
    throw new SecretBoxError('The sealed value does not open with its key')
  }
}
