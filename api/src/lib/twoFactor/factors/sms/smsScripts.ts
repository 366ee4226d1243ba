import type { LuaFragment } from '../../../redis/defineScript'
import { defineScript, outcomeReply } from '../../../redis/defineScript'

/**
 * The SMS factor's state changes, each one atomic Lua so that concurrent
 * requests cannot interleave between a check and its write. Times are passed
 * in (ms) so the clock stays a parameter of the logic.
 *
 * The live code is a hash: `digest` (HMAC of the code), `factor` (the id of
 * the SecondFactor row it was sent to), `tries` and `sentAt`.
 */

const SEND_OUTCOMES = ['OK', 'RATE_LIMITED', 'SMS_BUDGET_EXCEEDED'] as const

/**
 * Checks the per-account limits and, if they allow, counts the send and
 * replaces any live code (one live code per user).
 */
export const ISSUE_CODE = defineScript({
  name: 'smsIssueCode',
  keys: ['otp', 'cooldown', 'hourlySends'],
  args: {
    digest: 'string',
    factorId: 'string',
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
redis.call('HSET', KEY.otp, 'digest', ARG.digest, 'factor', ARG.factorId, 'tries', 0, 'sentAt', ARG.nowMs)
redis.call('PEXPIRE', KEY.otp, ARG.ttlMs)
return {'OK', ARG.cooldownMs}
`,
  parse: outcomeReply('smsIssueCode', SEND_OUTCOMES),
})

/**
 * The limits against SMS pumping: a number cannot be flooded through many
 * accounts, and the app as a whole cannot run up an unbounded bill.
 * Its keys share the app-wide `{sms}` slot.
 */
export const RESERVE_SMS = defineScript({
  name: 'smsReserve',
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
  parse: outcomeReply('smsReserve', SEND_OUTCOMES),
})

/**
 * Deletes the code only if it is still the one we issued, so a failed send
 * never leaves a usable code and never removes a newer one.
 */
export const DISCARD_CODE = defineScript({
  name: 'smsDiscardCode',
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
 * The SMS factor's check, run inside the verifier's script (step 2 of
 * lib/twoFactor/verifier.ts). A match consumes the code and ends the resend
 * cooldown: the cooldown guards a live code against resend floods, and once
 * the code is used the next sign-in (or another device, signed out by turning
 * 2FA on) needs a new code at once; the hourly caps still apply. A miss
 * counts against the code's own cap, and the code dies with the attempt
 * that locks the account.
 */
export const CHECK_CODE: LuaFragment<
  'otp' | 'cooldown',
  'digest' | 'maxTriesPerCode'
> = {
  keys: ['otp', 'cooldown'],
  args: { digest: 'string', maxTriesPerCode: 'number' },
  lua: `
-- HGET, not HMGET: ioredis-mock answers a missing HMGET field with a value
-- Lua treats as true, where Redis gives false.
local stored = redis.call('HGET', KEY.otp, 'digest')
local matched = stored and ARG.digest ~= '' and stored == ARG.digest
local failureOutcome = 'OTP_EXPIRED'
local proof = ''
if matched then
  proof = 'sms:' .. redis.call('HGET', KEY.otp, 'factor')
  redis.call('DEL', KEY.otp, KEY.cooldown)
elseif stored then
  failureOutcome = 'OTP_INVALID'
  if redis.call('HINCRBY', KEY.otp, 'tries', 1) >= ARG.maxTriesPerCode then
    redis.call('DEL', KEY.otp)
    failureOutcome = 'OTP_ATTEMPTS_EXCEEDED'
  elseif lockNow > 0 then
    redis.call('DEL', KEY.otp)
  end
end
`,
}
