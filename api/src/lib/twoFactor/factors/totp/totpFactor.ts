import type { SecondFactor } from '@prisma/client'

import { logger } from '../../../logger'
import { consumeTotpStep, factorsOf, resealTotp } from '../../factorStore'
import type { AppCheckedFactor } from '../../verifier'

import { matchTotpStep, normaliseTotpInput } from './totpCode'
import {
  isSealedWithOldKey,
  openTotpSecret,
  sealTotpSecret,
} from './totpSecret'

const sealedOf = (row: SecondFactor) => ({
  secret: row.secret ?? '',
  secretKeyId: row.secretKeyId ?? '',
})

/**
 * Codes from an authenticator app. The comparison needs an HMAC, so it runs
 * in the app between the verifier's steps; the code's time step is then
 * consumed in one conditional UPDATE, so a code works once and no earlier
 * step works after it (RFC 6238 section 5.2). Wrong and replayed codes both
 * read as OTP_INVALID and count against the account like SMS codes.
 */
export const totpFactor: AppCheckedFactor = {
  method: 'TOTP',
  amr: 'totp',
  guard: 'account',
  check: async (userId, submission, now) => {
    const { totp } = await factorsOf(userId)
    if (!totp) {
      return { matched: false, outcome: 'OTP_INVALID' }
    }
    const secret = openTotpSecret(userId, sealedOf(totp))
    const step = matchTotpStep(
      secret,
      normaliseTotpInput(submission),
      Math.floor(now / 1000)
    )
    if (
      step === null ||
      !(await consumeTotpStep(totp.id, step, new Date(now)))
    ) {
      return { matched: false, outcome: 'OTP_INVALID' }
    }
    if (isSealedWithOldKey(sealedOf(totp))) {
      await resealTotp(totp.id, sealTotpSecret(userId, secret)).catch((error) =>
        logger.warn({ err: error, userId }, 'Could not re-seal a TOTP secret')
      )
    }
    return { matched: true }
  },
}
