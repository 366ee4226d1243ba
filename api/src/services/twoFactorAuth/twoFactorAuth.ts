import type { MutationResolvers, QueryResolvers } from 'types/graphql'

import { validate } from '@redwoodjs/api'

import { currentSession, currentStatusSnapshot } from 'src/lib/auth'
import { TwoFactorError } from 'src/lib/errors'
import { maskPhoneNumber, parsePhoneNumber } from 'src/lib/phone'
import {
  buildSessionCookie,
  setResponseCookie,
} from 'src/lib/sessions/sessionCookie'
import * as twoFactor from 'src/lib/twoFactor'
import type { SecondFactorMethod } from 'src/lib/twoFactor'

/** The signed-in user and the server-side session of this request. */
const caller = () => ({
  user: { id: context.currentUser.id, email: context.currentUser.email },
  session: currentSession(),
})

/**
 * Aliases and batched operations run a field several times in one request;
 * allowing that would multiply guesses (and sends) per round trip. Every
 * field that checks a code shares one budget.
 */
const once = (budget: 'verify' | 'send') => {
  const seen = (context.twoFactorFieldsRun ??= new Set<string>()) as Set<string>
  if (seen.has(budget)) {
    throw new TwoFactorError('TOO_MANY_OPERATIONS')
  }
  seen.add(budget)
}

/** A verified second factor re-issues the session under its new id. */
const continueAs = (sid: string) => {
  const { id, email } = context.currentUser
  setResponseCookie(buildSessionCookie({ id, email, sid }))
}

const ok = (message: string) => ({ success: true, message })

export const twoFactorStatus: QueryResolvers['twoFactorStatus'] = async () =>
  twoFactor.status({ ...caller(), snapshot: currentStatusSnapshot() })

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
  const { changed } = await twoFactor.savePhoneNumber(caller(), parsed.e164)
  return changed
    ? ok(`Phone number saved: ${maskPhoneNumber(parsed.e164)}`)
    : ok('That is already your number.')
}

export const cancelPhoneNumberChange: MutationResolvers['cancelPhoneNumberChange'] =
  async () => {
    await twoFactor.cancelPhoneNumberChange(caller())
    return ok('The new number was discarded.')
  }

export const removePhoneNumber: MutationResolvers['removePhoneNumber'] =
  async () => {
    await twoFactor.removePhoneNumber(caller())
    return ok('Your phone number was removed.')
  }

export const requestOtp: MutationResolvers['requestOtp'] = async () => {
  once('send')
  const sent = await twoFactor.requestSmsCode(caller())
  return {
    ...ok(`We sent a code to ${sent.phoneNumberHint}.`),
    retryAfterSeconds: sent.retryAfterSeconds,
  }
}

const verify = async (method: SecondFactorMethod, code: string) => {
  once('verify')
  const { sid, recoveryCodesRemaining } = await twoFactor.verifySecondFactor(
    caller(),
    method,
    code
  )
  continueAs(sid)
  return recoveryCodesRemaining === undefined
    ? ok('Verified.')
    : {
        ...ok(
          `Verified with a recovery code. ${recoveryCodesRemaining} of them left.`
        ),
        recoveryCodesRemaining,
      }
}

export const verifyOtp: MutationResolvers['verifyOtp'] = async ({ otp }) =>
  verify('SMS', otp)

export const verifySecondFactor: MutationResolvers['verifySecondFactor'] =
  async ({ method, code }) => verify(method, code)

export const enableTwoFactorAuth: MutationResolvers['enableTwoFactorAuth'] =
  async () => {
    const { recoveryCodes } = await twoFactor.enableWithPhoneNumber(caller())
    return { ...ok('Two-factor authentication is on.'), recoveryCodes }
  }

export const disableTwoFactorAuth: MutationResolvers['disableTwoFactorAuth'] =
  async () => {
    await twoFactor.disable(caller())
    return ok('Two-factor authentication is off.')
  }

export const startTotpEnrollment: MutationResolvers['startTotpEnrollment'] =
  async () => twoFactor.startTotpEnrollment(caller())

export const confirmTotpEnrollment: MutationResolvers['confirmTotpEnrollment'] =
  async ({ code }) => {
    once('verify')
    const { sid, recoveryCodes } = await twoFactor.confirmTotpEnrollment(
      caller(),
      code
    )
    continueAs(sid)
    return { ...ok('Your authenticator app is set up.'), recoveryCodes }
  }

export const removeTotp: MutationResolvers['removeTotp'] = async () => {
  await twoFactor.removeTotp(caller())
  return ok('Your authenticator app was removed.')
}

export const generateRecoveryCodes: MutationResolvers['generateRecoveryCodes'] =
  async () => ({ codes: await twoFactor.generateRecoveryCodes(caller()) })
