import crypto from 'node:crypto'
import net from 'node:net'

import { config } from './config'
import { defineScript, outcomeReply } from './redis/defineScript'
import { redisKeys } from './redis/keys'

/**
 * Failed sign-ins, limited per account and per client address with a
 * growing delay, counted in Redis so the limits hold across api instances.
 * An attempt is counted as a failure before its password is checked (a burst
 * of parallel guesses cannot outrun the count) and uncounted if it succeeds.
 * A throttled attempt is refused before any hashing.
 */

/**
 * Checks both locks and, if neither is set, counts the attempt against both.
 * From the last free failure on, each attempt sets a lock for the next ones:
 * 1 s, then doubling, up to the maximum.
 */
const BEGIN_ATTEMPT = defineScript({
  name: 'loginBeginAttempt',
  keys: ['accountFailures', 'accountLock', 'addressFailures', 'addressLock'],
  args: {
    accountFree: 'number',
    addressFree: 'number',
    baseDelayMs: 'number',
    maxDelayMs: 'number',
    windowMs: 'number',
  },
  lua: `
local accountWait = redis.call('PTTL', KEY.accountLock)
local addressWait = redis.call('PTTL', KEY.addressLock)
if addressWait > 0 and addressWait >= accountWait then return {'THROTTLED', addressWait, 'address'} end
if accountWait > 0 then return {'THROTTLED', accountWait, 'account'} end
local function count(failures, lock, free)
  local n = redis.call('INCR', failures)
  redis.call('PEXPIRE', failures, ARG.windowMs)
  if n >= free then
    local delay = math.min(ARG.maxDelayMs, ARG.baseDelayMs * 2 ^ math.min(n - free, 40))
    redis.call('SET', lock, '1', 'PX', math.floor(delay))
  end
end
count(KEY.accountFailures, KEY.accountLock, ARG.accountFree)
count(KEY.addressFailures, KEY.addressLock, ARG.addressFree)
return {'OK', 0}
`,
  parse: outcomeReply('loginBeginAttempt', ['OK', 'THROTTLED'] as const),
})

/**
 * A successful sign-in clears the account's count and lock and takes back
 * the address's count of this attempt. The address's earlier failures stay:
 * an attacker signing in to an account of their own between guesses must
 * not wipe them.
 */
const SUCCEEDED = defineScript({
  name: 'loginSucceeded',
  keys: ['accountFailures', 'accountLock', 'addressFailures'],
  args: {},
  lua: `
redis.call('DEL', KEY.accountFailures, KEY.accountLock)
if redis.call('DECR', KEY.addressFailures) <= 0 then redis.call('DEL', KEY.addressFailures) end
return {'OK', 0}
`,
  parse: outcomeReply('loginSucceeded', ['OK'] as const),
})

const BASE_DELAY_MS = 1_000

/**
 * The address a limit applies to: IPv4 as it is, IPv6 by its /64 prefix (one
 * host usually has a whole /64 to pick addresses from).
 */
export const clientAddressKey = (address: string | undefined) => {
  if (!address) {
    return 'unknown'
  }
  const mapped = address.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i)
  if (mapped) {
    return mapped[1]
  }
  const ip = address.split('%')[0]
  if (net.isIPv6(ip)) {
    const [head, tail = ''] = ip.toLowerCase().split('::')
    const headParts = head ? head.split(':') : []
    const tailParts = tail ? tail.split(':') : []
    const zeros = Array(8 - headParts.length - tailParts.length).fill('0')
    const groups = ip.includes('::')
      ? [...headParts, ...zeros, ...tailParts]
      : headParts
    return `${groups
      .slice(0, 4)
      .map((group) => group.replace(/^0+(?=.)/, ''))
      .join(':')}::/64`
  }
  return address
}

/** Emails are compared as dbAuth finds them, and only their HMAC is stored. */
const accountKey = (username: string) =>
  crypto
    .createHmac('sha256', config().otp.hmacKey)
    .update(`login:${username.trim().toLowerCase()}`)
    .digest('base64url')
    .slice(0, 22)

const keysFor = (username: string, address: string | undefined) => {
  const account = accountKey(username)
  const client = clientAddressKey(address)
  return {
    accountFailures: redisKeys.loginAccountFailures(account),
    accountLock: redisKeys.loginAccountLock(account),
    addressFailures: redisKeys.loginAddressFailures(client),
    addressLock: redisKeys.loginAddressLock(client),
  }
}

/**
 * Address locks this process has been told of, until they end. A flooding
 * client that ignores Retry-After is answered from here, without a Redis
 * round trip (and, through the api server's hook, without running the auth
 * function at all). Redis stays the authority: this only ever repeats a
 * refusal Redis gave, for no longer than Redis said.
 */
const knownAddressLocks = new Map<string, number>()
const MAX_KNOWN_LOCKS = 10_000

const rememberAddressLock = (client: string, untilMs: number) => {
  if (knownAddressLocks.size >= MAX_KNOWN_LOCKS) {
    const now = Date.now()
    for (const [key, until] of knownAddressLocks) {
      if (until <= now) {
        knownAddressLocks.delete(key)
      }
    }
    if (knownAddressLocks.size >= MAX_KNOWN_LOCKS) {
      knownAddressLocks.clear()
    }
  }
  knownAddressLocks.set(client, untilMs)
}

/** Tests start each case with no locks known, as Redis starts empty. */
export const forgetKnownAddressLocks = () => knownAddressLocks.clear()

/** Milliseconds this address is known to stay locked (0: not known to be). */
export const knownAddressLockMs = (address: string | undefined) => {
  const client = clientAddressKey(address)
  const until = knownAddressLocks.get(client)
  if (until === undefined) {
    return 0
  }
  const left = until - Date.now()
  if (left <= 0) {
    knownAddressLocks.delete(client)
    return 0
  }
  return left
}

export const retryAfterSeconds = (ms: number) =>
  Math.max(1, Math.ceil(ms / 1000))

/**
 * The throttle's answer (pinned in the api contract): 429 with the wait in
 * the body and in Retry-After, given before the password is looked at.
 */
export const throttledLoginAnswer = (ms: number) => {
  const seconds = retryAfterSeconds(ms)
  return {
    statusCode: 429,
    headers: {
      'content-type': 'application/json',
      'retry-after': String(seconds),
    },
    body: JSON.stringify({
      error: `Too many failed sign-ins. Try again in ${seconds} seconds.`,
      code: 'LOGIN_THROTTLED',
      retryAfterSeconds: seconds,
    }),
  }
}

export type LoginAttempt =
  | { throttled: false }
  | { throttled: true; waitMs: number; newlyKnown: boolean }

/** Call before the password is checked; a throttled attempt must stop here. */
export const beginLoginAttempt = async (
  username: string,
  address: string | undefined
): Promise<LoginAttempt> => {
  const known = knownAddressLockMs(address)
  if (known > 0) {
    return { throttled: true, waitMs: known, newlyKnown: false }
  }
  const limits = config().login
  const { outcome, ms, extra } = await BEGIN_ATTEMPT.run(
    keysFor(username, address),
    {
      accountFree: limits.freeFailuresPerAccount,
      addressFree: limits.freeFailuresPerAddress,
      baseDelayMs: BASE_DELAY_MS,
      maxDelayMs: limits.maxDelaySeconds * 1000,
      windowMs: limits.failureWindowSeconds * 1000,
    }
  )
  if (outcome !== 'THROTTLED') {
    return { throttled: false }
  }
  if (extra === 'address') {
    rememberAddressLock(clientAddressKey(address), Date.now() + ms)
  }
  return { throttled: true, waitMs: ms, newlyKnown: true }
}

export const loginSucceeded = async (
  username: string,
  address: string | undefined
) => {
  const { accountFailures, accountLock, addressFailures } = keysFor(
    username,
    address
  )
  await SUCCEEDED.run({ accountFailures, accountLock, addressFailures }, {})
}
