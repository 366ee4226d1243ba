import type { LuaFragment } from '../redis/defineScript'
import { composeScript, ScriptReplyError } from '../redis/defineScript'
import { redisKeys } from '../redis/keys'
import { LOAD_SESSION, parseSessionFields } from '../sessions/sessionScripts'
import type { AuthMethod, SessionState } from '../sessions/sessionStore'
import { sessionLoadInputs, toSessionState } from '../sessions/sessionStore'

import type { FactorSummary } from './factorSummary'

/**
 * Everything a request needs from Redis, read in the one round trip that
 * loads (and slides) the session: who the account is, and what
 * `twoFactorStatus` shows (the live code's timers, the method used last and
 * the cached summary of the account's factors).
 */
export type StatusSnapshot = {
  cooldownMs: number
  codeTtlMs: number
  codeSentAt: number | null
  lastMethod: AuthMethod | null
  factors: FactorSummary | null
  factorsVersion: string
}

export type RequestState = {
  session: SessionState
  email: string
  status: StatusSnapshot
}

const STATUS_SNAPSHOT: LuaFragment<'account' | 'otp' | 'cooldown', never> = {
  keys: ['account', 'otp', 'cooldown'],
  args: {},
  lua: `
local statusSnapshot = {
  redis.call('PTTL', KEY.cooldown),
  redis.call('PTTL', KEY.otp),
  redis.call('HGET', KEY.otp, 'sentAt') or '',
  redis.call('HGET', KEY.account, 'lastMethod') or '',
  redis.call('HGET', KEY.account, 'factors') or '',
  redis.call('HGET', KEY.account, 'factorsVersion') or '0'
}
`,
}

const parseSnapshot = (reply: unknown): StatusSnapshot => {
  if (!Array.isArray(reply) || reply.length !== 6) {
    throw new ScriptReplyError('requestState', reply)
  }
  const [cooldown, codeTtl, sentAt, lastMethod, factors, version] = reply
  return {
    cooldownMs: Number(cooldown),
    codeTtlMs: Number(codeTtl),
    codeSentAt: sentAt ? Number(sentAt) : null,
    lastMethod: (lastMethod || null) as AuthMethod | null,
    factors: factors ? (JSON.parse(String(factors)) as FactorSummary) : null,
    factorsVersion: String(version),
  }
}

const REQUEST_STATE = composeScript(
  'requestState',
  [
    LOAD_SESSION,
    STATUS_SNAPSHOT,
    {
      keys: [],
      args: {},
      lua: `return {sessionFields, accountEmail, statusSnapshot}`,
    },
  ],
  (reply) => {
    // Lua false is nil to a real Redis and false to ioredis-mock.
    if (reply === null || reply === false) return null
    if (Array.isArray(reply) && reply.length === 3) {
      return {
        fields: parseSessionFields('requestState', reply[0]),
        email: String(reply[1]),
        status: parseSnapshot(reply[2]),
      }
    }
    throw new ScriptReplyError('requestState', reply)
  }
)

/** The session (null when missing, revoked or expired) and what comes with it. */
export const loadRequestState = async (
  userId: number,
  sid: string,
  now = Date.now()
): Promise<RequestState | null> => {
  const { keys, args } = sessionLoadInputs(userId, sid, now)
  const found = await REQUEST_STATE.run(
    {
      ...keys,
      otp: redisKeys.otp(userId),
      cooldown: redisKeys.resendCooldown(userId),
    },
    args
  )
  return (
    found && {
      session: toSessionState(sid, found.fields),
      email: found.email,
      status: found.status,
    }
  )
}
