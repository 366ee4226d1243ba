import crypto from 'node:crypto'

import { config } from '../config'
import { redis } from '../redis/client'
import {
  defineScript,
  ScriptReplyError,
  withRedis,
} from '../redis/defineScript'
import { redisKeys } from '../redis/keys'

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
const TOUCH_SESSION = defineScript({
  name: 'twoFactorTouchSession',
  keys: ['session'],
  args: { nowMs: 'number', idleMs: 'number', maxMs: 'number' },
  lua: `
if redis.call('EXISTS', KEY.session) == 0 then return false end
local s = redis.call('HMGET', KEY.session, 'pending', 'verifiedAt', 'createdAt')
if ARG.nowMs - tonumber(s[3]) > ARG.maxMs then
  redis.call('DEL', KEY.session)
  return false
end
redis.call('PEXPIRE', KEY.session, ARG.idleMs)
return s
`,
  parse: (reply) => {
    // Lua false is nil to a real Redis and false to ioredis-mock.
    if (reply === null || reply === false) return null
    if (Array.isArray(reply) && reply.length === 3) {
      const [pending, verifiedAt, createdAt] = reply.map(String)
      return { pending, verifiedAt, createdAt }
    }
    throw new ScriptReplyError('twoFactorTouchSession', reply)
  },
})

export const loadSession = async (
  userId: number,
  sid: string,
  now = Date.now()
): Promise<SessionState | null> => {
  const { idleSeconds, maxSeconds } = config().session
  const found = await TOUCH_SESSION.run(
    { session: redisKeys.session(userId, sid) },
    { nowMs: now, idleMs: idleSeconds * 1000, maxMs: maxSeconds * 1000 }
  )
  if (!found) {
    return null
  }
  const { pending, verifiedAt, createdAt } = found
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
const REVOKE_OTHERS = defineScript({
  name: 'twoFactorRevokeOtherSessions',
  keys: ['sessionIndex'],
  args: { sessionKeyPrefix: 'string', keepSid: 'string' },
  lua: `
for _, sid in ipairs(redis.call('SMEMBERS', KEY.sessionIndex)) do
  if sid ~= ARG.keepSid then
    redis.call('DEL', ARG.sessionKeyPrefix .. sid)
    redis.call('SREM', KEY.sessionIndex, sid)
  end
end
return 1
`,
  parse: () => undefined,
})

export const revokeOtherSessions = async (userId: number, keepSid: string) => {
  await REVOKE_OTHERS.run(
    { sessionIndex: redisKeys.sessionIndex(userId) },
    { sessionKeyPrefix: redisKeys.session(userId, ''), keepSid }
  )
}
