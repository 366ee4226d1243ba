import type { LuaFragment } from '../redis/defineScript'
import {
  composeScript,
  defineScript,
  ScriptReplyError,
} from '../redis/defineScript'

/**
 * The session record's Lua. Only lib/sessions knows its field names:
 *   aal          1 after the password, 2 after a second factor
 *   amr          the methods used, space-separated (pwd, sms, totp, recovery_code)
 *   requiredAal  2 when the account had two-factor authentication on at sign-in
 *   verifiedAt   ms of the last second factor in this session (0: none)
 *   proof        the number the last verified code reached ("sms:<id>", or
 *                "sms-new:<id>" for a number still waiting for its proof)
 *   createdAt    ms of sign-in, for the absolute lifetime
 *   epoch        the account's epoch at sign-in; a later epoch revokes it
 *   failures     wrong SMS or app codes in this session (it ends at a cap)
 *   recoveryTries  wrong recovery codes in this session
 * and the per-account hash holds `epoch` and `lastMethod` (the second factor
 * used last, offered first at the next sign-in).
 */

export const SESSION_FIELDS = [
  'aal',
  'amr',
  'requiredAal',
  'verifiedAt',
  'proof',
  'createdAt',
  'epoch',
] as const

export type SessionFields = Record<(typeof SESSION_FIELDS)[number], string>

export const CREATE_SESSION = defineScript({
  name: 'sessionCreate',
  keys: ['session', 'account'],
  args: {
    requiredAal: 'number',
    nowMs: 'number',
    idleMs: 'number',
    email: 'string',
  },
  lua: `
local epoch = tonumber(redis.call('HGET', KEY.account, 'epoch') or '0')
redis.call('HSET', KEY.session, 'aal', 1, 'amr', 'pwd', 'requiredAal', ARG.requiredAal,
  'verifiedAt', 0, 'proof', '', 'createdAt', ARG.nowMs, 'epoch', epoch)
redis.call('PEXPIRE', KEY.session, ARG.idleMs)
redis.call('HSET', KEY.account, 'email', ARG.email)
return 1
`,
  parse: () => undefined,
})

/**
 * Loads a session and slides its idle expiry. A session past its absolute
 * lifetime, older than the account's epoch (revoked by a password reset, a
 * factor change or "sign out everywhere else"), or of a sign-in that was
 * logged out, is deleted and reported as missing (the script returns false).
 * Otherwise it leaves the record in the local `sessionFields` and the
 * account's e-mail (copied at sign-in) in `accountEmail`, so a request needs
 * no database row to know who it is for. Other modules add their own reads
 * after it and return them together: one round trip per request.
 */
export const LOAD_SESSION: LuaFragment<
  'session' | 'account' | 'endedFamily',
  'nowMs' | 'idleMs' | 'maxMs'
> = {
  keys: ['session', 'account', 'endedFamily'],
  args: { nowMs: 'number', idleMs: 'number', maxMs: 'number' },
  lua: `
if redis.call('EXISTS', KEY.session) == 0 then return false end
if redis.call('EXISTS', KEY.endedFamily) == 1 then
  redis.call('DEL', KEY.session)
  return false
end
local sessionFields = redis.call('HMGET', KEY.session, ${SESSION_FIELDS.map((f) => `'${f}'`).join(', ')})
local epoch = tonumber(redis.call('HGET', KEY.account, 'epoch') or '0')
if ARG.nowMs - tonumber(sessionFields[6]) > ARG.maxMs or tonumber(sessionFields[7]) < epoch then
  redis.call('DEL', KEY.session)
  return false
end
redis.call('PEXPIRE', KEY.session, ARG.idleMs)
local accountEmail = redis.call('HGET', KEY.account, 'email') or ''
`,
}

/** The loaded record's fields, checked: strings (numbers from ioredis-mock). */
export const parseSessionFields = (script: string, reply: unknown) => {
  if (
    Array.isArray(reply) &&
    reply.length === SESSION_FIELDS.length &&
    reply.every((value) => ['string', 'number'].includes(typeof value))
  ) {
    return Object.fromEntries(
      SESSION_FIELDS.map((field, i) => [field, String(reply[i])])
    ) as SessionFields
  }
  throw new ScriptReplyError(script, reply)
}

/** A session and its account's e-mail, or null (Lua false: nil to Redis, false to ioredis-mock). */
export const TOUCH_SESSION = composeScript(
  'sessionTouch',
  [
    LOAD_SESSION,
    { keys: [], args: {}, lua: `return {sessionFields, accountEmail}` },
  ],
  (reply) => {
    if (reply === null || reply === false) return null
    if (Array.isArray(reply) && reply.length === 2) {
      return {
        fields: parseSessionFields('sessionTouch', reply[0]),
        email: String(reply[1]),
      }
    }
    throw new ScriptReplyError('sessionTouch', reply)
  }
)

/**
 * The step that upgrades a session after a second factor, for the verifier
 * to run inside its own script: the record moves to a new id (the old id
 * stops working in the same step), reaches aal 2, adds the method to amr and
 * records the time. It reads the Lua local `proof` ('' keeps the old one).
 * The account remembers the method, so the next sign-in offers it first.
 */
export const ROTATE_SESSION: LuaFragment<
  'session' | 'newSession' | 'account',
  'nowMs' | 'idleMs' | 'method'
> = {
  keys: ['session', 'newSession', 'account'],
  args: { nowMs: 'number', idleMs: 'number', method: 'string' },
  lua: `
if redis.call('EXISTS', KEY.session) == 0 then return {'NO_SESSION', 0} end
local record = redis.call('HGETALL', KEY.session)
redis.call('DEL', KEY.session)
redis.call('HSET', KEY.newSession, unpack(record))
local amr = redis.call('HGET', KEY.newSession, 'amr')
if not string.find(' ' .. amr .. ' ', ' ' .. ARG.method .. ' ', 1, true) then
  amr = amr .. ' ' .. ARG.method
end
redis.call('HSET', KEY.newSession, 'aal', 2, 'amr', amr, 'verifiedAt', ARG.nowMs)
if proof ~= '' then redis.call('HSET', KEY.newSession, 'proof', proof) end
redis.call('HDEL', KEY.newSession, 'recoveryTries', 'failures')
redis.call('PEXPIRE', KEY.newSession, ARG.idleMs)
redis.call('HSET', KEY.account, 'lastMethod', ARG.method)
`,
}

/**
 * Logout: deletes the session and marks its sign-in (family) as ended for as
 * long as any of its sessions could live, so a session the verifier re-issued
 * a moment before (or after) is refused at its next use.
 */
export const END_SESSION_FAMILY = defineScript({
  name: 'sessionEndFamily',
  keys: ['session', 'endedFamily'],
  args: { maxMs: 'number' },
  lua: `
redis.call('DEL', KEY.session)
redis.call('SET', KEY.endedFamily, '1', 'PX', ARG.maxMs)
return 1
`,
  parse: () => undefined,
})

/** Counts an attempt against this session (local `sessionFailures`). */
export const COUNT_SESSION_FAILURE: LuaFragment<'session', never> = {
  keys: ['session'],
  args: {},
  lua: `local sessionFailures = redis.call('HINCRBY', KEY.session, 'failures', 1)`,
}

/** The same count, read in a later step (local `sessionFailures`). */
export const READ_SESSION_FAILURES: LuaFragment<'session', never> = {
  keys: ['session'],
  args: {},
  lua: `local sessionFailures = tonumber(redis.call('HGET', KEY.session, 'failures') or '0')`,
}

/** Counts a recovery-code attempt against this session's own cap. */
export const COUNT_RECOVERY_TRY: LuaFragment<'session', 'maxRecoveryTries'> = {
  keys: ['session'],
  args: { maxRecoveryTries: 'number' },
  lua: `
if redis.call('EXISTS', KEY.session) == 0 then return {'NO_SESSION', 0} end
if redis.call('HINCRBY', KEY.session, 'recoveryTries', 1) > ARG.maxRecoveryTries then
  return {'RECOVERY_CODE_ATTEMPTS_EXCEEDED', 0}
end
`,
}

/**
 * Revokes every session of the account but `keep` (which may be absent):
 * raising the epoch ends all older sessions at their next use, however many
 * there are, in one step that touches two declared keys.
 */
export const REVOKE_OTHER_SESSIONS = defineScript({
  name: 'sessionRevokeOthers',
  keys: ['account', 'keep'],
  args: {},
  lua: `
local epoch = redis.call('HINCRBY', KEY.account, 'epoch', 1)
if redis.call('EXISTS', KEY.keep) == 1 then redis.call('HSET', KEY.keep, 'epoch', epoch) end
return epoch
`,
  parse: (reply) => {
    if (Number.isInteger(reply)) return reply as number
    throw new ScriptReplyError('sessionRevokeOthers', reply)
  },
})
