import { AuthenticationError } from '@redwoodjs/graphql-server'

import { audit } from '../audit'
import { config } from '../config'
import type { TwoFactorErrorCode } from '../errors'
import { TwoFactorError } from '../errors'
import type { LuaFragment } from '../redis/defineScript'
import { composeScript, outcomeReply } from '../redis/defineScript'
import { redisKeys } from '../redis/keys'
import {
  COUNT_RECOVERY_TRY,
  COUNT_SESSION_FAILURE,
  READ_SESSION_FAILURES,
  ROTATE_SESSION,
} from '../sessions/sessionScripts'
import type { AuthMethod, SessionState } from '../sessions/sessionStore'
import { familyOf, newSessionId } from '../sessions/sessionStore'

/**
 * The one verifier every second factor goes through. It owns what must not
 * differ between factors: attempts are counted before any comparison, the
 * account locks after too many failures, and a success upgrades the session
 * under a new id. A factor only says how to check a submission and how to
 * consume what it matched, atomically, so each answer succeeds at most once.
 *
 * It runs in three steps:
 *   1. guard: the lock is checked and the attempt counted as a failure;
 *   2. the factor's check, with its own atomic consume;
 *   3. settle: a success clears the counters and rotates the session; a
 *      failure reports, and locks if step 1 decided this attempt would.
 * A factor whose state is in Redis (SMS codes) gives its check as Lua, and
 * the three steps run as one script: one round trip, nothing in between.
 * Other factors (TOTP needs an HMAC, recovery codes live in the database)
 * are checked in the app between step 1 and step 3. Either way step 1 has
 * counted the attempt before step 2 looks at it, so a parallel burst cannot
 * get more comparisons than the caps allow.
 */

export type SecondFactorMethod = 'SMS' | 'TOTP' | 'RECOVERY_CODE'

type FactorOutcome = Extract<
  TwoFactorErrorCode,
  | 'OTP_INVALID'
  | 'OTP_EXPIRED'
  | 'OTP_REPLACED'
  | 'OTP_ATTEMPTS_EXCEEDED'
  | 'RECOVERY_CODE_INVALID'
>

/**
 * A factor checked inside the verifier's script. Its Lua reads the local
 * `lockNow` (ms this attempt locks the account for if it fails, else 0) and
 * sets the locals `matched`, `failureOutcome` and `proof`.
 */
export type ScriptCheckedFactor = {
  method: SecondFactorMethod
  amr: AuthMethod
  check: LuaFragment<string, string>
  keys: (userId: number) => Record<string, string>
  args: (userId: number, submission: string) => Record<string, string | number>
}

export type CheckResult =
  | { matched: true; proof?: string }
  | { matched: false; outcome: FactorOutcome }

/**
 * A factor checked by the app between the verifier's steps. `guard` says
 * which attempts count: 'account' shares the per-account counter and lock;
 * 'session' (recovery codes, which cannot be guessed) has a cap of its own
 * per session and stays usable while the account is locked.
 */
export type AppCheckedFactor = {
  method: SecondFactorMethod
  amr: AuthMethod
  guard: 'account' | 'session'
  check: (
    userId: number,
    submission: string,
    now: number
  ) => Promise<CheckResult>
}

export type Factor = ScriptCheckedFactor | AppCheckedFactor

// Consecutive failures are forgotten only after a success or 30 quiet days.
const CONSECUTIVE_MEMORY_MS = 30 * 24 * 60 * 60 * 1000

/** Wrong recovery codes one session may try (they cannot be guessed anyway). */
export const MAX_RECOVERY_TRIES_PER_SESSION = 5

/**
 * Step 1 for factors that share the account's counter. The windowed count
 * (10 in 15 minutes) bounds how many attempts are compared per window; the
 * consecutive count (NIST SP 800-63B: at most 100 failures in a row) makes
 * each attempt past it lock for a day. The lock is set here, before the
 * comparison, when this attempt is the one that reaches a cap: parallel
 * attempts see it at once, and a success in step 3 lifts it.
 */
const ACCOUNT_GUARD: LuaFragment<string, string> = {
  keys: ['session', 'failures', 'lock', 'consecutive'],
  args: {
    windowMs: 'number',
    consecutiveMemoryMs: 'number',
    maxFailures: 'number',
    maxConsecutive: 'number',
    lockMs: 'number',
    hardLockMs: 'number',
  },
  lua: `
if redis.call('EXISTS', KEY.session) == 0 then return {'NO_SESSION', 0} end
local locked = redis.call('PTTL', KEY.lock)
if locked > 0 then return {'TWO_FACTOR_LOCKED', locked} end
${COUNT_SESSION_FAILURE.lua}
local failures = redis.call('INCR', KEY.failures)
if failures == 1 then redis.call('PEXPIRE', KEY.failures, ARG.windowMs) end
local consecutive = redis.call('INCR', KEY.consecutive)
redis.call('PEXPIRE', KEY.consecutive, ARG.consecutiveMemoryMs)
local lockNow = 0
if consecutive >= ARG.maxConsecutive then
  lockNow = ARG.hardLockMs
elseif failures >= ARG.maxFailures then
  lockNow = ARG.lockMs
end
if lockNow > 0 then redis.call('SET', KEY.lock, '1', 'PX', lockNow) end
`,
}

/**
 * Step 3 for account-guarded factors; reads matched, failureOutcome, proof,
 * lockNow and sessionFailures. A session that keeps guessing wrong is ended
 * before it can lock the account on its own: whoever has only the password
 * must sign in again for more guesses, and sign-in is throttled.
 */
const ACCOUNT_SETTLE: LuaFragment<string, string> = {
  keys: ['failures', 'consecutive', 'lock', ...ROTATE_SESSION.keys],
  args: { ...ROTATE_SESSION.args, maxFailuresPerSession: 'number' },
  lua: `
if matched then
  redis.call('DEL', KEY.failures, KEY.consecutive, KEY.lock)
  ${ROTATE_SESSION.lua}
  return {'OK', 0, proof}
end
local sessionOver = sessionFailures >= ARG.maxFailuresPerSession
if sessionOver then redis.call('DEL', KEY.session) end
if lockNow > 0 then
  redis.call('DEL', KEY.failures)
  return {'TWO_FACTOR_LOCKED', lockNow, 'NEW'}
end
if sessionOver then return {'TOO_MANY_FAILED_ATTEMPTS', 0} end
return {failureOutcome, 0}
`,
}

/** Step 3 for session-guarded factors (recovery codes). */
const SESSION_SETTLE: LuaFragment<string, string> = {
  keys: ROTATE_SESSION.keys,
  args: ROTATE_SESSION.args,
  lua: `
if matched then
  ${ROTATE_SESSION.lua}
  return {'OK', 0, proof}
end
return {failureOutcome, 0}
`,
}

/** What step 1 decided and step 2 found, carried into a separate step 3. */
const SETTLE_INPUTS: LuaFragment<string, string> = {
  keys: [],
  args: {
    matched: 'number',
    failureOutcome: 'string',
    proof: 'string',
    lockNow: 'number',
  },
  lua: `
local matched = ARG.matched == 1
local failureOutcome = ARG.failureOutcome
local proof = ARG.proof
local lockNow = ARG.lockNow
`,
}

/** Ends step 1 when step 2 runs in the app, handing over what step 1 decided. */
const CONTINUE_ACCOUNT: LuaFragment<string, string> = {
  keys: [],
  args: {},
  lua: `return {'CHECK', lockNow}`,
}

const CONTINUE_SESSION: LuaFragment<string, string> = {
  keys: [],
  args: {},
  lua: `return {'CHECK', 0}`,
}

const OUTCOMES = [
  'OK',
  'CHECK',
  'NO_SESSION',
  'TWO_FACTOR_LOCKED',
  'OTP_INVALID',
  'OTP_EXPIRED',
  'OTP_REPLACED',
  'OTP_ATTEMPTS_EXCEEDED',
  'RECOVERY_CODE_INVALID',
  'RECOVERY_CODE_ATTEMPTS_EXCEEDED',
  'TOO_MANY_FAILED_ATTEMPTS',
] as const

const reply = (name: string) => outcomeReply(name, OUTCOMES)

/** The verifier's own scripts, exported for their direct tests. */
export const VERIFIER_SCRIPTS = {
  accountGuard: composeScript(
    'verifierAccountGuard',
    [ACCOUNT_GUARD, CONTINUE_ACCOUNT],
    reply('verifierAccountGuard')
  ),
  accountSettle: composeScript(
    'verifierAccountSettle',
    [SETTLE_INPUTS, READ_SESSION_FAILURES, ACCOUNT_SETTLE],
    reply('verifierAccountSettle')
  ),
  sessionGuard: composeScript(
    'verifierSessionGuard',
    [COUNT_RECOVERY_TRY, CONTINUE_SESSION],
    reply('verifierSessionGuard')
  ),
  sessionSettle: composeScript(
    'verifierSessionSettle',
    [SETTLE_INPUTS, SESSION_SETTLE],
    reply('verifierSessionSettle')
  ),
}

const oneScriptFor = new WeakMap<
  ScriptCheckedFactor,
  ReturnType<typeof composeScript<ReturnType<ReturnType<typeof reply>>>>
>()

/** Guard, the factor's Lua check and settle as one script (built once per factor). */
export const oneScript = (factor: ScriptCheckedFactor) => {
  let script = oneScriptFor.get(factor)
  if (!script) {
    const name = `verify${factor.method}`
    script = composeScript(
      name,
      [ACCOUNT_GUARD, factor.check, ACCOUNT_SETTLE],
      reply(name)
    )
    oneScriptFor.set(factor, script)
  }
  return script
}

type VerifyContext = {
  userId: number
  session: SessionState
  newSid: string
  now: number
}

const sessionKeys = ({ userId, session, newSid }: VerifyContext) => ({
  session: redisKeys.session(userId, session.sid),
  newSession: redisKeys.session(userId, newSid),
  account: redisKeys.account(userId),
})

const accountKeys = (userId: number) => ({
  failures: redisKeys.failures(userId),
  lock: redisKeys.lock(userId),
  consecutive: redisKeys.consecutiveFailures(userId),
})

const accountArgs = () => {
  const { lockout } = config()
  return {
    maxFailuresPerSession: lockout.maxFailuresPerSession,
    windowMs: lockout.windowSeconds * 1000,
    consecutiveMemoryMs: CONSECUTIVE_MEMORY_MS,
    maxFailures: lockout.maxFailures,
    maxConsecutive: lockout.maxConsecutiveFailures,
    lockMs: lockout.lockSeconds * 1000,
    hardLockMs: lockout.hardLockSeconds * 1000,
  }
}

const rotateArgs = (factor: Factor, { now }: VerifyContext) => ({
  nowMs: now,
  idleMs: config().session.idleSeconds * 1000,
  method: factor.amr,
})

type Settled = ReturnType<ReturnType<typeof reply>>

const runScriptChecked = async (
  factor: ScriptCheckedFactor,
  submission: string,
  ctx: VerifyContext
): Promise<Settled> =>
  oneScript(factor).run(
    {
      ...sessionKeys(ctx),
      ...accountKeys(ctx.userId),
      ...factor.keys(ctx.userId),
    },
    {
      ...accountArgs(),
      ...rotateArgs(factor, ctx),
      ...factor.args(ctx.userId, submission),
    }
  )

const runAppChecked = async (
  factor: AppCheckedFactor,
  submission: string,
  ctx: VerifyContext
): Promise<Settled> => {
  const byAccount = factor.guard === 'account'
  const guarded = byAccount
    ? await VERIFIER_SCRIPTS.accountGuard.run(
        { ...sessionKeys(ctx), ...accountKeys(ctx.userId) },
        accountArgs()
      )
    : await VERIFIER_SCRIPTS.sessionGuard.run(sessionKeys(ctx), {
        maxRecoveryTries: MAX_RECOVERY_TRIES_PER_SESSION,
      })
  if (guarded.outcome !== 'CHECK') {
    return guarded
  }
  const checked = await factor.check(ctx.userId, submission, ctx.now)
  const inputs = {
    matched: checked.matched ? 1 : 0,
    failureOutcome: 'outcome' in checked ? checked.outcome : '',
    proof: ('proof' in checked && checked.proof) || '',
    lockNow: guarded.ms,
  }
  const settled = byAccount
    ? await VERIFIER_SCRIPTS.accountSettle.run(
        { ...sessionKeys(ctx), ...accountKeys(ctx.userId) },
        {
          ...inputs,
          ...rotateArgs(factor, ctx),
          maxFailuresPerSession: config().lockout.maxFailuresPerSession,
        }
      )
    : await VERIFIER_SCRIPTS.sessionSettle.run(sessionKeys(ctx), {
        ...inputs,
        ...rotateArgs(factor, ctx),
      })
  return settled
}

/** The session's new id, and (for SMS) which number the code went to: `sms:<factor id>`. */
/** TWO_FACTOR_LOCKED, from the attempt that started the lock. */
export class LockStartedError extends TwoFactorError {
  constructor(readonly retryAfterSeconds: number) {
    super('TWO_FACTOR_LOCKED', { retryAfterSeconds })
  }
}

export type Verified = { sid: string; proof: string }

/**
 * Checks a submission for `factor` and, on success, returns the session's
 * new id. Throws TwoFactorError with a stable code otherwise.
 */
export const verifyFactor = async (
  factor: Factor,
  userId: number,
  session: SessionState,
  submission: string,
  now = Date.now()
): Promise<Verified> => {
  // The new id keeps the sign-in's family, so a logout of either id ends both.
  const ctx = {
    userId,
    session,
    newSid: newSessionId(familyOf(session.sid)),
    now,
  }
  const { outcome, ms, extra } =
    'guard' in factor
      ? await runAppChecked(factor, submission, ctx)
      : await runScriptChecked(factor, submission, ctx)
  const method = factor.amr

  if (outcome === 'OK') {
    audit('second_factor.verified', { userId, outcome: 'success', method })
    return { sid: ctx.newSid, proof: extra ?? '' }
  }
  if (outcome === 'NO_SESSION') {
    throw new AuthenticationError('Your session has ended. Sign in again.')
  }
  const retryAfterSeconds = ms > 0 ? Math.ceil(ms / 1000) : undefined
  if (extra === 'NEW') {
    audit('two_factor.locked', {
      userId,
      outcome: 'refused',
      method,
      retryAfterSeconds,
    })
    throw new LockStartedError(retryAfterSeconds)
  } else {
    audit('second_factor.failed', {
      userId,
      outcome: 'failure',
      method,
      reason: outcome,
    })
  }
  throw new TwoFactorError(outcome as TwoFactorErrorCode, { retryAfterSeconds })
}
