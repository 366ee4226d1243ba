import { defineScript, outcomeReply } from '../redis/defineScript'

/**
 * The second factor's state changes, each one atomic Lua script so that
 * concurrent requests cannot interleave between a check and its write.
 * Times are passed in (ms) so the clock stays a parameter of the logic.
 */

const SEND_OUTCOMES = ['OK', 'RATE_LIMITED', 'SMS_BUDGET_EXCEEDED'] as const

/**
 * Checks the per-account limits and, if they allow, counts the send and
 * replaces any live code (one live code per user).
 */
export const ISSUE_CODE = defineScript({
  name: 'twoFactorIssueCode',
  keys: ['otp', 'cooldown', 'hourlySends'],
  args: {
    digest: 'string',
    ttlMs: 'number',
    cooldownMs: 'number',
    maxSendsPerHour: 'number',
    nowMs: 'number',
    hourMs: 'number',
  },
  lua: `
local cooldown = redis.call('PTTL', KEY.cooldown)
if cooldown > 0 then return {'RATE_LIMITED', cooldown} end
local sent = tonumber(redis.call('GET', KEY.hourlySends) or '0')
if sent >= ARG.maxSendsPerHour then return {'RATE_LIMITED', redis.call('PTTL', KEY.hourlySends)} end
if redis.call('INCR', KEY.hourlySends) == 1 then redis.call('PEXPIRE', KEY.hourlySends, ARG.hourMs) end
redis.call('SET', KEY.cooldown, '1', 'PX', ARG.cooldownMs)
redis.call('DEL', KEY.otp)
redis.call('HSET', KEY.otp, 'digest', ARG.digest, 'tries', 0, 'sentAt', ARG.nowMs)
redis.call('PEXPIRE', KEY.otp, ARG.ttlMs)
return {'OK', ARG.cooldownMs}
`,
  parse: outcomeReply('twoFactorIssueCode', SEND_OUTCOMES),
})

/**
 * The limits against SMS pumping: a number cannot be flooded through many
 * accounts, and the app as a whole cannot run up an unbounded bill.
 * Its keys share the app-wide `{sms}` slot.
 */
export const RESERVE_SMS = defineScript({
  name: 'twoFactorReserveSms',
  keys: ['destinationSends', 'budget'],
  args: {
    maxPerDestinationPerHour: 'number',
    hourlyBudget: 'number',
    hourMs: 'number',
  },
  lua: `
local toNumber = tonumber(redis.call('GET', KEY.destinationSends) or '0')
if toNumber >= ARG.maxPerDestinationPerHour then return {'RATE_LIMITED', redis.call('PTTL', KEY.destinationSends)} end
local total = tonumber(redis.call('GET', KEY.budget) or '0')
if total >= ARG.hourlyBudget then return {'SMS_BUDGET_EXCEEDED', redis.call('PTTL', KEY.budget)} end
if redis.call('INCR', KEY.destinationSends) == 1 then redis.call('PEXPIRE', KEY.destinationSends, ARG.hourMs) end
if redis.call('INCR', KEY.budget) == 1 then redis.call('PEXPIRE', KEY.budget, ARG.hourMs) end
return {'OK', 0}
`,
  parse: outcomeReply('twoFactorReserveSms', SEND_OUTCOMES),
})

/**
 * Deletes the code only if it is still the one we issued, so a failed send
 * never leaves a usable code and never removes a newer one.
 */
export const DISCARD_CODE = defineScript({
  name: 'twoFactorDiscardCode',
  keys: ['otp'],
  args: { digest: 'string' },
  lua: `
if redis.call('HGET', KEY.otp, 'digest') == ARG.digest then
  return redis.call('DEL', KEY.otp)
end
return 0
`,
  parse: (reply) => reply === 1,
})

/**
 * A new phone number has not been proven yet: the live code (sent to the
 * old number) dies, and no session keeps a "fresh second factor" earned on
 * the old number, so enabling 2FA needs a code sent to the new one.
 */
export const FORGET_PHONE_PROOF = defineScript({
  name: 'twoFactorForgetPhoneProof',
  keys: ['otp', 'sessionIndex'],
  args: { sessionKeyPrefix: 'string' },
  lua: `
redis.call('DEL', KEY.otp)
for _, sid in ipairs(redis.call('SMEMBERS', KEY.sessionIndex)) do
  local key = ARG.sessionKeyPrefix .. sid
  if redis.call('EXISTS', key) == 1 then
    redis.call('HSET', key, 'verifiedAt', 0)
  end
end
return 1
`,
  parse: () => undefined,
})

/**
 * The failure is counted before the comparison, and the whole decision is one
 * step, so a burst of parallel guesses cannot evaluate more than the caps
 * allow and N parallel correct answers give exactly one success. Success
 * consumes the code, clears the account's failures and re-issues the session
 * under a new id (the old id stops working in the same step). It also ends the
 * resend cooldown: that guards a live code against resend floods, and once the
 * code is used the next sign-in (or another device, signed out by turning 2FA
 * on) needs a new code at once. The hourly send caps still apply.
 *
 * The windowed lockout alone would allow guessing forever at its pace, so
 * failures are also counted across windows until a success (NIST SP 800-63B:
 * at most 100 consecutive failures); past that, each failure locks for a day.
 */
export const VERIFY_CODE = defineScript({
  name: 'twoFactorVerifyCode',
  keys: [
    'session',
    'otp',
    'failures',
    'lock',
    'newSession',
    'sessionIndex',
    'cooldown',
    'consecutive',
  ],
  args: {
    digest: 'string',
    maxTriesPerCode: 'number',
    maxFailures: 'number',
    windowMs: 'number',
    lockMs: 'number',
    nowMs: 'number',
    newSid: 'string',
    idleMs: 'number',
    oldSid: 'string',
    maxConsecutive: 'number',
    consecutiveMemoryMs: 'number',
    hardLockMs: 'number',
  },
  lua: `
if redis.call('EXISTS', KEY.session) == 0 then return {'NO_SESSION', 0} end
local locked = redis.call('PTTL', KEY.lock)
if locked > 0 then return {'TWO_FACTOR_LOCKED', locked} end
local failures = redis.call('INCR', KEY.failures)
if failures == 1 then redis.call('PEXPIRE', KEY.failures, ARG.windowMs) end
local consecutive = redis.call('INCR', KEY.consecutive)
redis.call('PEXPIRE', KEY.consecutive, ARG.consecutiveMemoryMs)
local stored = redis.call('HGET', KEY.otp, 'digest')
if stored and ARG.digest ~= '' and stored == ARG.digest then
  redis.call('DEL', KEY.otp, KEY.failures, KEY.cooldown, KEY.consecutive)
  local session = redis.call('HGETALL', KEY.session)
  redis.call('DEL', KEY.session)
  redis.call('HSET', KEY.newSession, unpack(session))
  redis.call('HSET', KEY.newSession, 'pending', 0, 'verifiedAt', ARG.nowMs)
  redis.call('PEXPIRE', KEY.newSession, ARG.idleMs)
  redis.call('SREM', KEY.sessionIndex, ARG.oldSid)
  redis.call('SADD', KEY.sessionIndex, ARG.newSid)
  return {'OK', 0}
end
local outcome = 'OTP_EXPIRED'
if stored then
  outcome = 'OTP_INVALID'
  if redis.call('HINCRBY', KEY.otp, 'tries', 1) >= ARG.maxTriesPerCode then
    redis.call('DEL', KEY.otp)
    outcome = 'OTP_ATTEMPTS_EXCEEDED'
  end
end
local lockMs = 0
if consecutive >= ARG.maxConsecutive then
  lockMs = ARG.hardLockMs
elseif failures >= ARG.maxFailures then
  lockMs = ARG.lockMs
end
if lockMs > 0 then
  redis.call('SET', KEY.lock, '1', 'PX', lockMs)
  redis.call('DEL', KEY.otp, KEY.failures)
  return {'TWO_FACTOR_LOCKED', lockMs, 'NEW'}
end
return {outcome, 0}
`,
  parse: outcomeReply('twoFactorVerifyCode', [
    'OK',
    'NO_SESSION',
    'TWO_FACTOR_LOCKED',
    'OTP_INVALID',
    'OTP_EXPIRED',
    'OTP_ATTEMPTS_EXCEEDED',
  ]),
})
