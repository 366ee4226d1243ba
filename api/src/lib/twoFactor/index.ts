import { AuthenticationError } from '@redwoodjs/graphql-server'

import { audit } from '../audit'
import { config } from '../config'
import { TwoFactorError } from '../errors'
import { maskPhoneNumber } from '../phone'
import type { AuthMethod, SessionState } from '../sessions/sessionStore'
import { revokeOtherSessions } from '../sessions/sessionStore'

import {
  recoveryCodeFactor,
  remainingRecoveryCodes,
  replaceRecoveryCodes,
} from './factors/recoveryCodes/recoveryCodes'
import {
  assertDestinationAllowed,
  forgetSmsCode,
  sendLockNotice,
  sendNotice,
  sendSmsCode,
  smsFactor,
} from './factors/sms/smsFactor'
import type { TotpEnrollment } from './factors/totp/totpEnrollment'
import { enrollmentCheck, startEnrollment } from './factors/totp/totpEnrollment'
import { totpFactor } from './factors/totp/totpFactor'
import {
  factorsOf,
  hasVerifiedFactor,
  promotePendingNumber,
  removeAllFactors,
  removeFactors,
  removePendingNumber,
  savePendingNumber,
  saveTotp,
} from './factorStore'
import { freshFactorSummary } from './factorSummary'
import type { StatusSnapshot } from './requestState'
import { loadRequestState } from './requestState'
import type { Factor, SecondFactorMethod } from './verifier'
import { LockStartedError, verifyFactor } from './verifier'

/**
 * Two-factor authentication as services see it: the only module they import.
 * Every call takes the signed-in user and the server-side session of the
 * request (never ids from arguments), enforces what that session may do,
 * and throws TwoFactorError with a stable code when it may not.
 */

export type { SecondFactorMethod, TotpEnrollment }
export { hasVerifiedFactor as secondFactorRequired }

type Caller = {
  user: { id: number; email: string }
  session: SessionState
}

const FACTORS: Record<SecondFactorMethod, Factor> = {
  SMS: smsFactor,
  TOTP: totpFactor,
  RECOVERY_CODE: recoveryCodeFactor,
}

const METHOD_OF: Record<AuthMethod, SecondFactorMethod | null> = {
  pwd: null,
  sms: 'SMS',
  totp: 'TOTP',
  recovery_code: 'RECOVERY_CODE',
}

const freshUntil = ({ verifiedAt }: SessionState) =>
  verifiedAt > 0 ? verifiedAt + config().session.freshSeconds * 1000 : 0

/** Sensitive changes need a second factor in this session in the last 10 minutes. */
const requireFreshSecondFactor = (session: SessionState, now = Date.now()) => {
  if (freshUntil(session) <= now) {
    throw new TwoFactorError('FRESH_SECOND_FACTOR_REQUIRED')
  }
}

/** Adding, changing or removing a factor signs the account out everywhere else. */
const factorsChanged = async (userId: number, keepSid: string) => {
  await revokeOtherSessions(userId, keepSid)
  audit('sessions.revoked', {
    userId,
    outcome: 'success',
    reason: 'factors_changed',
  })
}

const secondsLeft = (ms: number) => (ms > 0 ? Math.ceil(ms / 1000) : 0)

/**
 * What the settings and challenge pages show. It reads nothing beyond the
 * request's one Redis round trip when the session load brought a snapshot
 * and the account's factor summary was cached (the usual case).
 */
export const status = async (
  { user, session, snapshot }: Caller & { snapshot?: StatusSnapshot | null },
  now = Date.now()
) => {
  const state =
    snapshot ?? (await loadRequestState(user.id, session.sid, now))?.status
  if (!state) {
    throw new AuthenticationError('Your session has ended. Sign in again.')
  }
  const factors =
    state.factors ?? (await freshFactorSummary(user.id, state.factorsVersion))
  const methods: SecondFactorMethod[] = [...factors.methods]
  if (factors.enabled && factors.recoveryCodesRemaining > 0) {
    methods.push('RECOVERY_CODE')
  }
  const last = state.lastMethod && METHOD_OF[state.lastMethod]
  const fresh = freshUntil(session)
  const liveCode = state.codeTtlMs > 0
  return {
    enabled: factors.enabled,
    verified: !session.secondFactorPending,
    phoneNumberHint: factors.phoneNumberHint,
    pendingPhoneNumberHint: factors.pendingPhoneNumberHint,
    methods,
    // Recovery codes are the fallback, never the first thing offered.
    preferredMethod:
      (last && last !== 'RECOVERY_CODE' && methods.includes(last) && last) ||
      methods[0] ||
      null,
    recoveryCodesRemaining: factors.recoveryCodesRemaining,
    resendAvailableInSeconds: secondsLeft(state.cooldownMs),
    codeExpiresInSeconds: liveCode ? secondsLeft(state.codeTtlMs) : null,
    codeSentAt:
      liveCode && state.codeSentAt ? new Date(state.codeSentAt) : null,
    freshUntil: fresh > now ? new Date(fresh) : null,
  }
}

/**
 * Saves a number as pending: it becomes the account's number only after a
 * code sent to it is verified, and the verified number (if any) stays in use
 * until then. Numbers are not unique across accounts, so no answer here says
 * whether another account uses one.
 */
export const savePhoneNumber = async (
  { user, session }: Caller,
  e164: string
): Promise<{ changed: boolean }> => {
  const factors = await factorsOf(user.id)
  if (factors.sms?.phoneNumber === e164) {
    if (factors.pendingSms) {
      await removePendingNumber(user.id)
    }
    return { changed: false }
  }
  if (factors.pendingSms?.phoneNumber === e164) {
    return { changed: false }
  }
  // Codes go only to the account's numbers: on a 2FA account, choosing a new
  // one is as sensitive as turning 2FA off.
  if (factors.enabled) {
    requireFreshSecondFactor(session)
  }
  assertDestinationAllowed(e164)
  // Before the database write, so an unreachable Redis leaves everything as
  // it was; a code sent to an earlier number proves nothing about this one.
  await forgetSmsCode(user.id)
  await savePendingNumber(user.id, e164)
  audit('phone_number.pending', {
    userId: user.id,
    outcome: 'success',
    phoneNumberHint: maskPhoneNumber(e164),
  })
  return { changed: true }
}

/** Drops a number still waiting for its code; the verified one stays. */
export const cancelPhoneNumberChange = async ({ user }: Caller) => {
  const factors = await factorsOf(user.id)
  if (factors.pendingSms) {
    await forgetSmsCode(user.id)
    await removePendingNumber(user.id)
  }
}

/** Removes the account's numbers; 2FA stays on while another factor remains. */
export const removePhoneNumber = async ({ user, session }: Caller) => {
  const factors = await factorsOf(user.id)
  if (!factors.sms) {
    return cancelPhoneNumberChange({ user, session })
  }
  requireFreshSecondFactor(session)
  await forgetSmsCode(user.id)
  await removeFactors(user.id, 'SMS')
  audit('phone_number.removed', { userId: user.id, outcome: 'success' })
  await afterFactorRemoved(user.id, session.sid)
}

const afterFactorRemoved = async (userId: number, keepSid: string) => {
  if (!(await hasVerifiedFactor(userId))) {
    audit('two_factor.disabled', { userId, outcome: 'success' })
  }
  await factorsChanged(userId, keepSid)
}

/**
 * Texts a code. A session that still owes its second factor only ever texts
 * the verified number. A signed-in session with a number waiting to be
 * proven texts that one while the change is authorised: always without 2FA,
 * and with 2FA while the second factor that allowed the change is fresh.
 * After that, codes go to the verified number again, so "confirm it is you"
 * never depends on the unproven one.
 */
export const requestSmsCode = async (
  { user, session }: Caller,
  now = Date.now()
) => {
  const factors = await factorsOf(user.id)
  const provingNewNumber =
    !session.secondFactorPending &&
    factors.pendingSms &&
    (!factors.sms || freshUntil(session) > now)
  const to = provingNewNumber ? factors.pendingSms : factors.sms
  if (!to?.phoneNumber) {
    throw new TwoFactorError('PHONE_NUMBER_REQUIRED')
  }
  const retryAfterSeconds = await sendSmsCode(user.id, {
    factorId: to.id,
    phoneNumber: to.phoneNumber,
    proven: !!to.verifiedAt,
  })
  return { phoneNumberHint: maskPhoneNumber(to.phoneNumber), retryAfterSeconds }
}

const assertMethodAvailable = async (
  userId: number,
  method: SecondFactorMethod
) => {
  // SMS needs no look-up: a missing code reads as OTP_EXPIRED and counts.
  if (method === 'SMS') return
  const factors = await factorsOf(userId)
  const available =
    method === 'TOTP'
      ? !!factors.totp
      : factors.enabled && (await remainingRecoveryCodes(userId)) > 0
  if (!available) {
    throw new TwoFactorError('METHOD_NOT_AVAILABLE')
  }
}

/**
 * Verifies a second factor and returns the session's new id (the caller
 * re-issues the cookie). A code that reached a pending number on an account
 * with 2FA on makes that number the account's number.
 */
export const verifySecondFactor = async (
  { user, session }: Caller,
  method: SecondFactorMethod,
  code: string
) => {
  await assertMethodAvailable(user.id, method)
  const { sid, proof } = await verifyFactor(
    FACTORS[method],
    user.id,
    session,
    code
  ).catch(tellOwnerOfLock(user.id))
  let recoveryCodesRemaining: number | undefined
  if (method === 'SMS') {
    await promoteProvenNumber(user.id, proof, sid)
  }
  if (method === 'RECOVERY_CODE') {
    recoveryCodesRemaining = await remainingRecoveryCodes(user.id)
    audit('second_factor.verified', {
      userId: user.id,
      outcome: 'success',
      method: 'recovery_code',
      recoveryCodesRemaining,
    })
  }
  return { sid, recoveryCodesRemaining }
}

/**
 * When a wrong code starts a lock, the owner hears of it at their proven
 * number (at most once per lock), with what to do if it was not them.
 */
const tellOwnerOfLock =
  (userId: number) =>
  async (error: unknown): Promise<never> => {
    if (error instanceof LockStartedError) {
      const { sms } = await factorsOf(userId)
      if (sms?.phoneNumber) {
        await sendLockNotice(userId, sms.phoneNumber, error.retryAfterSeconds)
      }
    }
    throw error
  }

const promoteProvenNumber = async (
  userId: number,
  proof: string,
  keepSid: string
) => {
  // Only a code sent to a number still waiting for its proof changes anything
  // (so a sign-in with the proven number reads no database row here).
  const factorId = Number(proof.replace(/^sms-new:/, ''))
  if (!proof.startsWith('sms-new:') || !Number.isInteger(factorId)) return
  // Without 2FA on, the number waits for enableTwoFactorAuth.
  if (!(await hasVerifiedFactor(userId))) return
  if (await promotePendingNumber(userId, factorId)) {
    audit('phone_number.changed', { userId, outcome: 'success' })
    await factorsChanged(userId, keepSid)
  }
}

/**
 * Turns 2FA on with the phone number: the session must have verified, in the
 * last 10 minutes, a code that was sent to that very number.
 */
export const enableWithPhoneNumber = async ({ user, session }: Caller) => {
  const factors = await factorsOf(user.id)
  if (factors.enabled) {
    return { alreadyOn: true, recoveryCodes: null }
  }
  if (!factors.pendingSms) {
    throw new TwoFactorError('PHONE_NUMBER_REQUIRED')
  }
  requireFreshSecondFactor(session)
  if (session.proof !== `sms-new:${factors.pendingSms.id}`) {
    throw new TwoFactorError('FRESH_SECOND_FACTOR_REQUIRED')
  }
  await promotePendingNumber(user.id, factors.pendingSms.id)
  audit('two_factor.enabled', {
    userId: user.id,
    outcome: 'success',
    method: 'sms',
  })
  // Sessions opened before 2FA was on never proved the second factor.
  await factorsChanged(user.id, session.sid)
  return { alreadyOn: false, recoveryCodes: await firstRecoveryCodes(user.id) }
}

/**
 * Turning 2FA on comes with recovery codes, so an account never has 2FA
 * without a way back in; they are returned this once.
 */
const firstRecoveryCodes = async (userId: number) => {
  const codes = await replaceRecoveryCodes(userId)
  audit('recovery_codes.generated', { userId, outcome: 'success' })
  return codes
}

/**
 * Turns 2FA off: every factor and recovery code goes, and the owner is told
 * at the number that was proven, so a session that should not have done it
 * does not go unnoticed.
 */
export const disable = async ({ user, session }: Caller) => {
  const factors = await factorsOf(user.id)
  if (!factors.enabled && !factors.pendingSms) {
    return
  }
  if (factors.enabled) {
    requireFreshSecondFactor(session)
  }
  await forgetSmsCode(user.id)
  await removeAllFactors(user.id)
  if (factors.enabled) {
    audit('two_factor.disabled', { userId: user.id, outcome: 'success' })
    await factorsChanged(user.id, session.sid)
    if (factors.sms?.phoneNumber) {
      await sendNotice(
        user.id,
        factors.sms.phoneNumber,
        'two_factor_off',
        'two-factor authentication was turned off for your account. If this was not you, reset your password and turn it on again.'
      )
    }
  }
}

const requireFreshIfEnabled = async ({ user, session }: Caller) => {
  if (await hasVerifiedFactor(user.id)) {
    requireFreshSecondFactor(session)
  }
}

export const startTotpEnrollment = async (caller: Caller) => {
  await requireFreshIfEnabled(caller)
  return startEnrollment(caller.user)
}

/**
 * The first code from a new authenticator app: it goes through the verifier
 * like any code (counted, capped, the session upgraded), then the app
 * becomes one of the account's factors, replacing an earlier app.
 */
export const confirmTotpEnrollment = async (caller: Caller, code: string) => {
  const { user, session } = caller
  await requireFreshIfEnabled(caller)
  const wasEnabled = await hasVerifiedFactor(user.id)
  const { factor, accepted } = await enrollmentCheck(user.id)
  const { sid } = await verifyFactor(factor, user.id, session, code).catch(
    tellOwnerOfLock(user.id)
  )
  if (!accepted.sealed || accepted.step === undefined) {
    throw new Error('the enrollment check matched without a secret')
  }
  await saveTotp(user.id, accepted.sealed, accepted.step)
  audit('totp.added', { userId: user.id, outcome: 'success' })
  if (!wasEnabled) {
    audit('two_factor.enabled', {
      userId: user.id,
      outcome: 'success',
      method: 'totp',
    })
  }
  await factorsChanged(user.id, sid)
  return {
    sid,
    recoveryCodes: wasEnabled ? null : await firstRecoveryCodes(user.id),
  }
}

export const removeTotp = async ({ user, session }: Caller) => {
  const factors = await factorsOf(user.id)
  if (!factors.totp) {
    return
  }
  requireFreshSecondFactor(session)
  await removeFactors(user.id, 'TOTP')
  audit('totp.removed', { userId: user.id, outcome: 'success' })
  await afterFactorRemoved(user.id, session.sid)
}

/** A new set of recovery codes replaces the old one; shown this once. */
export const generateRecoveryCodes = async ({ user, session }: Caller) => {
  if (!(await hasVerifiedFactor(user.id))) {
    throw new TwoFactorError('TWO_FACTOR_NOT_ENABLED')
  }
  requireFreshSecondFactor(session)
  const codes = await replaceRecoveryCodes(user.id)
  audit('recovery_codes.generated', { userId: user.id, outcome: 'success' })
  return codes
}
