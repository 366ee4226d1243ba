import type { RedisScript } from '../redisScripts'

/**
 * The second factor's state changes, each one atomic Lua script so that
 * concurrent requests cannot interleave between a check and its write.
 * Times are passed in (ms) so the clock stays a parameter of the logic.
 */

/**
 * KEYS: otp, resend cooldown, hourly sends (one user's slot)
 * ARGV: digest, ttlMs, cooldownMs, maxSendsPerHour, nowMs, hourMs
 * Checks the per-account limits and, if they allow, counts the send and
 * replaces any live code (one live code per user).
 */
export const ISSUE_CODE: RedisScript = {
  name: 'twoFactorIssueCode',
  numberOfKeys: 3,
  lua: `
local cooldown = redis.call('PTTL', KEYS[2])
if cooldown > 0 then return {'RATE_LIMITED', cooldown} end
local sent = tonumber(redis.call('GET', KEYS[3]) or '0')
if sent >= tonumber(ARGV[4]) then return {'RATE_LIMITED', redis.call('PTTL', KEYS[3])} end
if redis.call('INCR', KEYS[3]) == 1 then redis.call('PEXPIRE', KEYS[3], ARGV[6]) end
redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'digest', ARGV[1], 'tries', 0, 'sentAt', ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {'OK', tonumber(ARGV[3])}
`,
}

/**
 * KEYS: per-destination sends, app-wide budget (the shared {sms} slot)
 * ARGV: maxPerDestinationPerHour, hourlyBudget, hourMs
 * The limits against SMS pumping: a number cannot be flooded through many
 * accounts, and the app as a whole cannot run up an unbounded bill.
 */
export const RESERVE_SMS = {
  name: 'twoFactorReserveSms',
  numberOfKeys: 2,
  lua: `
local toNumber = tonumber(redis.call('GET', KEYS[1]) or '0')
if toNumber >= tonumber(ARGV[1]) then return {'RATE_LIMITED', redis.call('PTTL', KEYS[1])} end
local total = tonumber(redis.call('GET', KEYS[2]) or '0')
if total >= tonumber(ARGV[2]) then return {'SMS_BUDGET_EXCEEDED', redis.call('PTTL', KEYS[2])} end
if redis.call('INCR', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
if redis.call('INCR', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[3]) end
return {'OK', 0}
`,
} satisfies RedisScript

/**
 * KEYS: otp   ARGV: digest
 * Deletes the code only if it is still the one we issued, so a failed send
 * never leaves a usable code and never removes a newer one.
 */
export const DISCARD_CODE: RedisScript = {
  name: 'twoFactorDiscardCode',
  numberOfKeys: 1,
  lua: `
if redis.call('HGET', KEYS[1], 'digest') == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`,
}

/**
 * KEYS: otp, session index   ARGV: session key prefix
 * A new phone number has not been proven yet: the live code (sent to the
 * old number) dies, and no session keeps a "fresh second factor" earned on
 * the old number, so enabling 2FA needs a code sent to the new one.
 */
export const FORGET_PHONE_PROOF: RedisScript = {
  name: 'twoFactorForgetPhoneProof',
  numberOfKeys: 2,
  lua: `
redis.call('DEL', KEYS[1])
for _, sid in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  local key = ARGV[1] .. sid
  if redis.call('EXISTS', key) == 1 then
    redis.call('HSET', key, 'verifiedAt', 0)
  end
end
return 1
`,
}

/**
 * KEYS: session, otp, failures, lock, new session, session index,
 *       resend cooldown, consecutive failures
 * ARGV: digest ('' when malformed), maxTriesPerCode, maxFailures, windowMs,
 *       lockMs, nowMs, newSid, idleMs, oldSid, maxConsecutive,
 *       consecutiveMemoryMs, hardLockMs
 *
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
export const VERIFY_CODE: RedisScript = {
  name: 'twoFactorVerifyCode',
  numberOfKeys: 8,
  lua: `
if redis.call('EXISTS', KEYS[1]) == 0 then return {'NO_SESSION', 0} end
local locked = redis.call('PTTL', KEYS[4])
if locked > 0 then return {'TWO_FACTOR_LOCKED', locked} end
local failures = redis.call('INCR', KEYS[3])
if failures == 1 then redis.call('PEXPIRE', KEYS[3], ARGV[4]) end
local consecutive = redis.call('INCR', KEYS[8])
redis.call('PEXPIRE', KEYS[8], ARGV[11])
local stored = redis.call('HGET', KEYS[2], 'digest')
if stored and ARGV[1] ~= '' and stored == ARGV[1] then
  redis.call('DEL', KEYS[2], KEYS[3], KEYS[7], KEYS[8])
  local session = redis.call('HGETALL', KEYS[1])
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[5], unpack(session))
  redis.call('HSET', KEYS[5], 'pending', 0, 'verifiedAt', ARGV[6])
  redis.call('PEXPIRE', KEYS[5], ARGV[8])
  redis.call('SREM', KEYS[6], ARGV[9])
  redis.call('SADD', KEYS[6], ARGV[7])
  return {'OK', 0}
end
local outcome = 'OTP_EXPIRED'
if stored then
  outcome = 'OTP_INVALID'
  if redis.call('HINCRBY', KEYS[2], 'tries', 1) >= tonumber(ARGV[2]) then
    redis.call('DEL', KEYS[2])
    outcome = 'OTP_ATTEMPTS_EXCEEDED'
  end
end
local lockMs = 0
if consecutive >= tonumber(ARGV[10]) then
  lockMs = tonumber(ARGV[12])
elseif failures >= tonumber(ARGV[3]) then
  lockMs = tonumber(ARGV[5])
end
if lockMs > 0 then
  redis.call('SET', KEYS[4], '1', 'PX', lockMs)
  redis.call('DEL', KEYS[2], KEYS[3])
  return {'TWO_FACTOR_LOCKED', lockMs, 'NEW'}
end
return {outcome, 0}
`,
}
