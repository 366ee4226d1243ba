import { config } from '../../../config'
import type { Sealed } from '../../../secretBox'
import { open, seal } from '../../../secretBox'

/**
 * An authenticator app's secret is only ever stored sealed (AES-256-GCM),
 * bound to its account, so a database dump or a row copied to another
 * account gives nobody a working app.
 */
const boundTo = (userId: number) => `totp:${userId}`

export const sealTotpSecret = (userId: number, secret: string): Sealed =>
  seal(secret, boundTo(userId), config().totp.encryptionKeys.current)

export const openTotpSecret = (userId: number, sealed: Sealed) =>
  open(sealed, boundTo(userId), config().totp.encryptionKeys.all)

/** Sealed under an older key: worth re-sealing under the current one. */
export const isSealedWithOldKey = (sealed: Sealed) =>
  sealed.secretKeyId !== config().totp.encryptionKeys.current.id
