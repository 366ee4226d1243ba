import type { LuaFragment } from '../../../redis/defineScript'
import { defineScript, outcomeReply } from '../../../redis/defineScript'

/**
 * The SMS factor's state changes, each one atomic Lua so that concurrent
 * requests cannot interleave between a check and its write. Times are passed
 * in (ms) so the clock stays a parameter of the logic.
 *
 * The live code is a hash: `digest` (HMAC of the code), `target` (what a
 * match proves: `sms:<id>` for the account's proven number, `sms-new:<id>`
 * for a number still waiting for its code; <id> is its SecondFactor row),
 * `replaced` (the previous code's digest), `tries` and `sentAt`.
 */

const SEND_OUTCOMES = [
  'OK',
  'RATE_LIMITED',
  'SMS_BUDGET_EXCEEDED',
  'TWO_FACTOR_LOCKED',
] as const

/**
 * Checks the per-account limits and, if they allow, counts the send and
 * replaces any live code (one live code per user). While verification is
 * locked no code could be used, so none is sent: someone locking the account
 * on purpose cannot also spend its texts.
 *
 * The wait before the next send grows with each send in the hour (60 s,
 * 2 min, 4 min, … up to maxCooldownMs): a person who asks again once or twice
 * barely notices, a script asking over and over is slowed at once, and the
 * hourly cap stays the hard limit. The replaced code's digest is kept so
 * that typing it says "replaced", not just "wrong".
 */
export const ISSUE_CODE = defineScript({
  name: 'smsIssueCode',
  keys: ['otp', 'cooldown', 'hourlySends', 'lock'],
  args: {
    digest: 'string',
    target: 'string',
    ttlMs: 'number',
    cooldownMs: 'number',
    maxCooldownMs: 'number',
    maxSendsPerHour: 'number',
    nowMs: 'number',
    hourMs: 'number',
  },
  lua: `
local locked = redis.call('PTTL', KEY.lock)
if locked > 0 then return {'TWO_FACTOR_LOCKED', locked} end
local cooldown = redis.call('PTTL', KEY.cooldown)
if cooldown > 0 then return {'RATE_LIMITED', cooldown} end
local sent = tonumber(redis.call('GET', KEY.hourlySends) or '0')
if sent >= ARG.maxSendsPerHour then return {'RATE_LIMITED', redis.call('PTTL', KEY.hourlySends)} end
if redis.call('INCR', KEY.hourlySends) == 1 then redis.call('PEXPIRE', KEY.hourlySends, ARG.hourMs) end
local wait = math.min(ARG.cooldownMs * (2 ^ sent), ARG.maxCooldownMs)
redis.call('SET', KEY.cooldown, '1', 'PX', wait)
local replaced = redis.call('HGET', KEY.otp, 'digest') or ''
redis.call('DEL', KEY.otp)
redis.call('HSET', KEY.otp, 'digest', ARG.digest, 'target', ARG.target, 'tries', 0,
  'sentAt', ARG.nowMs, 'replaced', replaced)
redis.call('PEXPIRE', KEY.otp, ARG.ttlMs)
return {'OK', wait}
`,
  parse: outcomeReply('smsIssueCode', SEND_OUTCOMES),
})

const count = (key: string) => `
if redis.call('INCR', ${key}) == 1 then redis.call('PEXPIRE', ${key}, ARG.hourMs) end`

/**
 * The limits against SMS pumping: a number cannot be flooded through many
 * accounts, and the app as a whole cannot run up an unbounded bill. Texts to
 * numbers not yet proven (enrolment: anyone can sign up and save a number)
 * may use only part of the budget and only a few per client address, so
 * throw-away accounts cannot spend what sign-in codes to proven numbers need.
 * A reply's third element is the budget's new count, for the near-cap warning.
 * Its keys share the app-wide `{sms}` slot.
 */
export const RESERVE_SMS = defineScript({
  name: 'smsReserve',
  keys: [
    'destinationSends',
    'budget',
    'enrollmentBudget',
    'enrollmentFromAddress',
  ],
  args: {
    enrollment: 'number',
    maxPerDestinationPerHour: 'number',
    hourlyBudget: 'number',
    enrollmentBudget: 'number',
    enrollmentMaxPerAddress: 'number',
    hourMs: 'number',
  },
  lua: `
local toNumber = tonumber(redis.call('GET', KEY.destinationSends) or '0')
if toNumber >= ARG.maxPerDestinationPerHour then return {'RATE_LIMITED', redis.call('PTTL', KEY.destinationSends)} end
local total = tonumber(redis.call('GET', KEY.budget) or '0')
if total >= ARG.hourlyBudget then return {'SMS_BUDGET_EXCEEDED', redis.call('PTTL', KEY.budget)} end
if ARG.enrollment == 1 then
  local fromAddress = tonumber(redis.call('GET', KEY.enrollmentFromAddress) or '0')
  if fromAddress >= ARG.enrollmentMaxPerAddress then return {'RATE_LIMITED', redis.call('PTTL', KEY.enrollmentFromAddress)} end
  local enrolled = tonumber(redis.call('GET', KEY.enrollmentBudget) or '0')
  if enrolled >= ARG.enrollmentBudget then return {'SMS_BUDGET_EXCEEDED', redis.call('PTTL', KEY.enrollmentBudget)} end
  ${count('KEY.enrollmentFromAddress')}
  ${count('KEY.enrollmentBudget')}
end
${count('KEY.destinationSends')}
${count('KEY.budget')}
return {'OK', 0, tostring(total + 1)}
`,
  parse: outcomeReply('smsReserve', SEND_OUTCOMES),
})

/**
 * Gives back what RESERVE_SMS counted, for a send the account's own limits
 * refused in the same round trip (see sendSmsCode).
 */
export const REFUND_SMS = defineScript({
  name: 'smsRefund',
  keys: [
    'destinationSends',
    'budget',
    'enrollmentBudget',
    'enrollmentFromAddress',
  ],
  args: { enrollment: 'number' },
  lua: `
local function giveBack(key)
  if tonumber(redis.call('GET', key) or '0') > 0 then redis.call('DECR', key) end
end
giveBack(KEY.destinationSends)
giveBack(KEY.budget)
if ARG.enrollment == 1 then
  giveBack(KEY.enrollmentBudget)
  giveBack(KEY.enrollmentFromAddress)
end
return 1
`,
  parse: () => undefined,
})

/** A text that is not a code (a notice to the owner) within the budget. */
export const RESERVE_BUDGET = defineScript({
  name: 'smsReserveBudget',
  keys: ['budget'],
  args: { hourlyBudget: 'number', hourMs: 'number' },
  lua: `
local total = tonumber(redis.call('GET', KEY.budget) or '0')
if total >= ARG.hourlyBudget then return {'SMS_BUDGET_EXCEEDED', redis.call('PTTL', KEY.budget)} end
${count('KEY.budget')}
return {'OK', 0, tostring(total + 1)}
`,
  parse: outcomeReply('smsReserveBudget', SEND_OUTCOMES),
})

/**
 * One notice per lock: true the first time it is asked for a lock, then
 * false until the lock is over.
 */
export const RESERVE_NOTICE = defineScript({
  name: 'smsReserveLockNotice',
  keys: ['notice'],
  args: { lockMs: 'number', nowMs: 'number' },
  lua: `
if redis.call('SET', KEY.notice, ARG.nowMs, 'NX', 'PX', ARG.lockMs) then return 1 end
return 0
`,
  parse: (reply) => reply === 1,
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
  proof = redis.call('HGET', KEY.otp, 'target')
  redis.call('DEL', KEY.otp, KEY.cooldown)
elseif stored then
  failureOutcome = 'OTP_INVALID'
  if ARG.digest ~= '' and redis.call('HGET', KEY.otp, 'replaced') == ARG.digest then
    failureOutcome = 'OTP_REPLACED'
  end
  if redis.call('HINCRBY', KEY.otp, 'tries', 1) >= ARG.maxTriesPerCode then
    redis.call('DEL', KEY.otp)
    failureOutcome = 'OTP_ATTEMPTS_EXCEEDED'
  elseif lockNow > 0 then
    redis.call('DEL', KEY.otp)
  end
end
`,
}
