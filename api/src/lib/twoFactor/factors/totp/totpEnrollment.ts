import QRCode from 'qrcode'

import { config } from '../../../config'
import { TwoFactorError } from '../../../errors'
import { redis } from '../../../redis/client'
import { withRedis } from '../../../redis/defineScript'
import { redisKeys } from '../../../redis/keys'
import type { Sealed } from '../../../secretBox'
import type { AppCheckedFactor } from '../../verifier'

import {
  matchTotpStep,
  newTotpSecret,
  normaliseTotpInput,
  totpUri,
} from './totpCode'
import { openTotpSecret, sealTotpSecret } from './totpSecret'

/**
 * Adding an authenticator app: the new secret waits, sealed, in Redis until
 * the app proves it has it with one correct code, and is forgotten after
 * TOTP_ENROLLMENT_SECONDS if it never does.
 */

export type TotpEnrollment = {
  otpauthUri: string
  secret: string
  qrCodeSvg: string
  expiresInSeconds: number
}

export const startEnrollment = async (user: {
  id: number
  email: string
}): Promise<TotpEnrollment> => {
  const secret = newTotpSecret()
  const sealed = sealTotpSecret(user.id, secret)
  await withRedis(() =>
    redis().set(
      redisKeys.totpEnrollment(user.id),
      JSON.stringify(sealed),
      'PX',
      config().totp.enrollmentSeconds * 1000
    )
  )
  const otpauthUri = totpUri({
    issuer: config().appName,
    accountName: user.email,
    secret,
  })
  const qrCodeSvg = await QRCode.toString(otpauthUri, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 1,
  })
  return {
    otpauthUri,
    secret,
    qrCodeSvg,
    expiresInSeconds: config().totp.enrollmentSeconds,
  }
}

const pendingEnrollment = async (userId: number): Promise<Sealed | null> => {
  const stored = await withRedis(() =>
    redis().get(redisKeys.totpEnrollment(userId))
  )
  return stored ? (JSON.parse(stored) as Sealed) : null
}

/**
 * The check for the first code from a new app, for the verifier. A match
 * also consumes the enrollment (one DEL that only one request can win), so
 * parallel confirmations cannot add the app twice; `accepted` then holds the
 * sealed secret and the time step to save.
 */
export const enrollmentCheck = async (userId: number) => {
  const sealed = await pendingEnrollment(userId)
  if (!sealed) {
    throw new TwoFactorError('TOTP_ENROLLMENT_EXPIRED')
  }
  const accepted: { sealed?: Sealed; step?: number } = {}
  const factor: AppCheckedFactor = {
    method: 'TOTP',
    amr: 'totp',
    guard: 'account',
    check: async (_userId, submission, now) => {
      const step = matchTotpStep(
        openTotpSecret(userId, sealed),
        normaliseTotpInput(submission),
        Math.floor(now / 1000)
      )
      if (step === null) {
        return { matched: false, outcome: 'OTP_INVALID' }
      }
      const won = await withRedis(() =>
        redis().del(redisKeys.totpEnrollment(userId))
      )
      if (won !== 1) {
        return { matched: false, outcome: 'OTP_INVALID' }
      }
      accepted.sealed = sealed
      accepted.step = step
      return { matched: true }
    },
  }
  return { factor, accepted }
}
