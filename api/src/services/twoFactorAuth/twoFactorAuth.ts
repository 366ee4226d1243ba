import type { MutationResolvers, QueryResolvers } from 'types/graphql'

import { validate } from '@redwoodjs/api'

import { audit } from 'src/lib/audit'
import { currentSession } from 'src/lib/auth'
import { config } from 'src/lib/config'
import { db } from 'src/lib/db'
import { TwoFactorError } from 'src/lib/errors'
import { maskPhoneNumber, parsePhoneNumber } from 'src/lib/phone'
import { redis } from 'src/lib/redis/client'
import { withRedis } from 'src/lib/redis/defineScript'
import { redisKeys } from 'src/lib/redis/keys'
import {
  buildSessionCookie,
  setResponseCookie,
} from 'src/lib/sessions/sessionCookie'
import { revokeOtherSessions } from 'src/lib/sessions/sessionStore'
import { FORGET_PHONE_PROOF } from 'src/lib/twoFactor/scripts'
import {
  assertDestinationAllowed,
  sendSmsCode,
  smsFactor,
} from 'src/lib/twoFactor/smsFactor'
import { verifySecondFactor } from 'src/lib/twoFactor/verifier'

const signedInUser = () =>
  db.user.findUniqueOrThrow({
    where: { id: context.currentUser.id },
    select: {
      id: true,
      email: true,
      phoneNumber: true,
      isTwoFactorEnabled: true,
    },
  })

const freshUntil = (verifiedAt: number) =>
  verifiedAt > 0 ? verifiedAt + config().session.freshSeconds * 1000 : 0

/** Enable, disable and phone changes need a second factor in the last 10 minutes. */
const requireFreshSecondFactor = (now = Date.now()) => {
  if (freshUntil(currentSession().verifiedAt) <= now) {
    throw new TwoFactorError('FRESH_SECOND_FACTOR_REQUIRED')
  }
}

/**
 * Aliases and batched operations run a field several times in one request;
 * allowing that would multiply guesses (and sends) per round trip.
 */
const once = (field: 'verifyOtp' | 'requestOtp') => {
  const seen = (context.twoFactorFieldsRun ??= new Set<string>()) as Set<string>
  if (seen.has(field)) {
    throw new TwoFactorError('TOO_MANY_OPERATIONS')
  }
  seen.add(field)
}

const secondsLeft = (pttl: number) => (pttl > 0 ? Math.ceil(pttl / 1000) : 0)

export const twoFactorStatus: QueryResolvers['twoFactorStatus'] = async () => {
  const session = currentSession()
  const user = await signedInUser()
  const [cooldown, codeTtl] = await withRedis(async () => {
    const results = await redis()
      .pipeline()
      .pttl(redisKeys.resendCooldown(user.id))
      .pttl(redisKeys.otp(user.id))
      .exec()
    return (results ?? []).map(([error, value]) => {
      if (error) throw error
      return value as number
    })
  })
  const fresh = freshUntil(session.verifiedAt)
  return {
    enabled: user.isTwoFactorEnabled,
    verified: !session.secondFactorPending,
    phoneNumberHint: maskPhoneNumber(user.phoneNumber),
    resendAvailableInSeconds: secondsLeft(cooldown),
    codeExpiresInSeconds: codeTtl > 0 ? secondsLeft(codeTtl) : null,
    freshUntil: fresh > Date.now() ? new Date(fresh) : null,
  }
}

export const setPhoneNumber: MutationResolvers['setPhoneNumber'] = async ({
  phoneNumber,
}) => {
  validate(phoneNumber, 'Phone number', {
    presence: { allowEmptyString: false },
    length: { max: 32 },
    format: {
      pattern: /^\+[0-9 ()-]+$/,
      message: 'Enter the number in international format, e.g. +1 201 555 0123',
    },
  })
  const parsed = parsePhoneNumber(phoneNumber)
  validate(parsed, 'Phone number', {
    presence: {
      message:
        'Enter a valid phone number in international format, e.g. +1 201 555 0123',
    },
  })
  const user = await signedInUser()
  if (user.phoneNumber === parsed.e164) {
    return { success: true, message: 'That is already your number.' }
  }
  // Codes go only to the stored number: on a 2FA account, changing it is
  // as sensitive as turning 2FA off.
  if (user.isTwoFactorEnabled) {
    requireFreshSecondFactor()
  }
  assertDestinationAllowed(parsed.e164)
  // Before the database write, so an unreachable Redis leaves the old number
  // in place rather than a new number with the old number's proof.
  await FORGET_PHONE_PROOF.run(
    {
      otp: redisKeys.otp(user.id),
      sessionIndex: redisKeys.sessionIndex(user.id),
    },
    { sessionKeyPrefix: redisKeys.session(user.id, '') }
  )
  try {
    await db.user.update({
      where: { id: user.id },
      data: { phoneNumber: parsed.e164 },
    })
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') {
      throw new TwoFactorError('PHONE_NUMBER_UNAVAILABLE')
    }
    throw error
  }
  audit('phone_number.changed', {
    userId: user.id,
    outcome: 'success',
    phoneNumberHint: maskPhoneNumber(parsed.e164),
  })
  return {
    success: true,
    message: `Phone number saved: ${maskPhoneNumber(parsed.e164)}`,
  }
}

export const requestOtp: MutationResolvers['requestOtp'] = async () => {
  once('requestOtp')
  currentSession()
  const user = await signedInUser()
  const retryAfterSeconds = await sendSmsCode(user)
  return {
    success: true,
    message: `We sent a code to ${maskPhoneNumber(user.phoneNumber)}.`,
    retryAfterSeconds,
  }
}

export const verifyOtp: MutationResolvers['verifyOtp'] = async ({ otp }) => {
  once('verifyOtp')
  const session = currentSession()
  const { id, email } = context.currentUser
  const sid = await verifySecondFactor(smsFactor, id, session, otp)
  // Re-issue the session: the pre-verification id is already gone server-side.
  setResponseCookie(buildSessionCookie({ id, email, sid }))
  return { success: true, message: 'Verified.' }
}

export const enableTwoFactorAuth: MutationResolvers['enableTwoFactorAuth'] =
  async () => {
    const user = await signedInUser()
    if (!user.phoneNumber) {
      throw new TwoFactorError('PHONE_NUMBER_REQUIRED')
    }
    requireFreshSecondFactor()
    if (!user.isTwoFactorEnabled) {
      await db.user.update({
        where: { id: user.id },
        data: { isTwoFactorEnabled: true },
      })
      // Sessions opened before 2FA was on never proved the second factor.
      await revokeOtherSessions(user.id, currentSession().sid)
      audit('two_factor.enabled', { userId: user.id, outcome: 'success' })
    }
    return { success: true, message: 'Two-factor authentication is on.' }
  }

export const disableTwoFactorAuth: MutationResolvers['disableTwoFactorAuth'] =
  async () => {
    const user = await signedInUser()
    if (user.isTwoFactorEnabled) {
      requireFreshSecondFactor()
      await db.user.update({
        where: { id: user.id },
        data: { isTwoFactorEnabled: false },
      })
      audit('two_factor.disabled', { userId: user.id, outcome: 'success' })
    }
    return { success: true, message: 'Two-factor authentication is off.' }
  }
