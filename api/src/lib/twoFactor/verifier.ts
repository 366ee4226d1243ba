import { AuthenticationError } from '@redwoodjs/graphql-server'

import { audit } from '../audit'
import { config } from '../config'
import type { TwoFactorErrorCode } from '../errors'
import { TwoFactorError } from '../errors'
import { redisKeys } from '../redis/keys'
import type { SessionState } from '../sessions/sessionStore'
import { newSessionId } from '../sessions/sessionStore'

import { VERIFY_CODE } from './scripts'

/**
 * A second factor the shared verifier can check. A factor stores a keyed
 * digest of its expected answer under `challengeKey` and turns a submission
 * into the same digest ('' when malformed, which still counts as a failure).
 * Attempt counting, lockout and the session upgrade live here, once, for
 * every factor (SMS today; authenticator apps and recovery codes later).
 */
export type SecondFactor = {
  name: 'sms'
  challengeKey: (userId: number) => string
  digest: (userId: number, submission: string) => string
}

// Consecutive failures are forgotten only after a success or 30 quiet days.
const CONSECUTIVE_MEMORY_MS = 30 * 24 * 60 * 60 * 1000

/**
 * Checks a submission in one atomic Redis step and, on success, returns the
 * session's new id. Throws TwoFactorError with a stable code otherwise.
 */
export const verifySecondFactor = async (
  factor: SecondFactor,
  userId: number,
  session: SessionState,
  submission: string,
  now = Date.now()
): Promise<string> => {
  const { otp, lockout, session: sessionConfig } = config()
  const newSid = newSessionId()
  const {
    outcome,
    ms: retryAfterMs,
    extra,
  } = await VERIFY_CODE.run(
    {
      session: redisKeys.session(userId, session.sid),
      otp: factor.challengeKey(userId),
      failures: redisKeys.failures(userId),
      lock: redisKeys.lock(userId),
      newSession: redisKeys.session(userId, newSid),
      sessionIndex: redisKeys.sessionIndex(userId),
      cooldown: redisKeys.resendCooldown(userId),
      consecutive: redisKeys.consecutiveFailures(userId),
    },
    {
      digest: factor.digest(userId, submission),
      maxTriesPerCode: otp.maxAttemptsPerCode,
      maxFailures: lockout.maxFailures,
      windowMs: lockout.windowSeconds * 1000,
      lockMs: lockout.lockSeconds * 1000,
      nowMs: now,
      newSid,
      idleMs: sessionConfig.idleSeconds * 1000,
      oldSid: session.sid,
      maxConsecutive: lockout.maxConsecutiveFailures,
      consecutiveMemoryMs: CONSECUTIVE_MEMORY_MS,
      hardLockMs: lockout.hardLockSeconds * 1000,
    }
  )
  const lockedNow = extra === 'NEW'

  if (outcome === 'OK') {
    audit('otp.verified', { userId, outcome: 'success', reason: factor.name })
    return newSid
  }
  if (outcome === 'NO_SESSION') {
    throw new AuthenticationError('Your session has ended. Sign in again.')
  }
  const retryAfterSeconds =
    retryAfterMs > 0 ? Math.ceil(retryAfterMs / 1000) : undefined
  if (lockedNow) {
    audit('two_factor.locked', {
      userId,
      outcome: 'refused',
      retryAfterSeconds,
    })
  } else {
    audit('otp.failed', { userId, outcome: 'failure', reason: outcome })
  }
  throw new TwoFactorError(outcome as TwoFactorErrorCode, { retryAfterSeconds })
}
