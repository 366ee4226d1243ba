import crypto from 'node:crypto'

import { config } from '../config'
import { redis } from '../redis'
import { redisKeys } from '../redisKeys'
import { runScript, withRedis } from '../redisScripts'

/**
 * Server-side session state. dbAuth's encrypted cookie carries only
 * `{ id, email, sid }`; what the session may do lives here, where the client
 * cannot forge it and where logout can revoke it.
 */
export type SessionState = {
  sid: string
  /** The account has 2FA on and this session has not completed it yet. */
  secondFactorPending: boolean
  /** Last successful second factor in this session (ms), 0 when none. */
  verifiedAt: number
  createdAt: number
}

export const newSessionId = () => crypto.randomBytes(24).toString('base64url')

/** A session id is only ever one we minted: 32 base64url characters. */
export const isSessionId = (value: unknown): value is string =>
  typeof value === 'string' && /^[A-Za-z0-9_-]{32}$/.test(value)

export const createSession = async (
  userId: number,
  { secondFactorPending }: { secondFactorPending: boolean },
  now = Date.now()
): Promise<SessionState> => {
  const { idleSeconds, maxSeconds } = config().session
  const sid = newSessionId()
  const key = redisKeys.session(userId, sid)
  const index = redisKeys.sessionIndex(userId)
  await withRedis(() =>
    redis()
      .multi()
      .hset(key, {
        pending: secondFactorPending ? 1 : 0,
        verifiedAt: 0,
        createdAt: now,
      })
      .pexpire(key, idleSeconds * 1000)
      .sadd(index, sid)
      .pexpire(index, maxSeconds * 1000)
      .exec()
  )
  return { sid, secondFactorPending, verifiedAt: 0, createdAt: now }
}

/**
 * Loads a session and slides its idle expiry, in one round trip. A session
 * past its absolute lifetime is deleted and reported as missing.
 */
const TOUCH_SESSION = {
  name: 'twoFactorTouchSession',
  numberOfKeys: 1,
  lua: `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local s = redis.call('HMGET', KEYS[1], 'pending', 'verifiedAt', 'createdAt')
if tonumber(ARGV[1]) - tonumber(s[3]) > tonumber(ARGV[3]) then
  redis.call('DEL', KEYS[1])
  return false
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return s
`,
}

export const loadSession = async (
  userId: number,
  sid: string,
  now = Date.now()
): Promise<SessionState | null> => {
  const { idleSeconds, maxSeconds } = config().session
  const found = await runScript<[string, string, string] | null>(
    TOUCH_SESSION,
    [redisKeys.session(userId, sid)],
    [now, idleSeconds * 1000, maxSeconds * 1000]
  )
  if (!found) {
    return null
  }
  const [pending, verifiedAt, createdAt] = found
  return {
    sid,
    secondFactorPending: pending === '1',
    verifiedAt: Number(verifiedAt),
    createdAt: Number(createdAt),
  }
}

export const revokeSession = async (userId: number, sid: string) => {
  await withRedis(() =>
    redis()
      .multi()
      .del(redisKeys.session(userId, sid))
      .srem(redisKeys.sessionIndex(userId), sid)
      .exec()
  )
}

/** Signs the user out everywhere but here (after 2FA is turned on). */
const REVOKE_OTHERS = {
  name: 'twoFactorRevokeOtherSessions',
  numberOfKeys: 1,
  lua: `
local prefix = ARGV[1]
for _, sid in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if sid ~= ARGV[2] then
    redis.call('DEL', prefix .. sid)
    redis.call('SREM', KEYS[1], sid)
  end
end
return 1
`,
}

export const revokeOtherSessions = async (userId: number, keepSid: string) => {
  await runScript(
    REVOKE_OTHERS,
    [redisKeys.sessionIndex(userId)],
    [redisKeys.session(userId, ''), keepSid]
  )
}
