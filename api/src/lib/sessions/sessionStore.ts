import crypto from 'node:crypto'

import { config } from '../config'
import { redisKeys } from '../redis/keys'

import type { SessionFields } from './sessionScripts'
import {
  CREATE_SESSION,
  END_SESSION_FAMILY,
  REVOKE_OTHER_SESSIONS,
  TOUCH_SESSION,
} from './sessionScripts'

/**
 * Server-side session state. dbAuth's encrypted cookie carries only
 * `{ id, email, sid }`; what the session may do lives here, where the client
 * cannot forge it and where logout can revoke it.
 *
 * The session records how it was authenticated, as Supabase and Ory Kratos
 * do: an authenticator assurance level (`aal`: 1 after the password, 2 after
 * a second factor) and the methods used (`amr`). A session owes its second
 * factor while its level is below the one its account required at sign-in.
 */
export type AuthMethod = 'pwd' | 'sms' | 'totp' | 'recovery_code'

export type SessionState = {
  sid: string
  aal: 1 | 2
  amr: AuthMethod[]
  requiredAal: 1 | 2
  /** Derived: `aal < requiredAal`. */
  secondFactorPending: boolean
  /** Last successful second factor in this session (ms), 0 when none. */
  verifiedAt: number
  /** The number the last verified code reached (`sms:<id>`, `sms-new:<id>`), or ''. */
  proof: string
  createdAt: number
}

/**
 * A session id is 32 base64url characters: the first 16 name the sign-in it
 * descends from (its family, kept when the verifier re-issues the session),
 * the last 16 are new at every re-issue. Both halves are 96 random bits.
 * Logout ends the whole family, so a re-issue racing a logout cannot leave a
 * live session behind.
 */
export const newSessionId = (family = randomPart()) => family + randomPart()

const randomPart = () => crypto.randomBytes(12).toString('base64url')

export const familyOf = (sid: string) => sid.slice(0, 16)

/** A session id is only ever one we minted: 32 base64url characters. */
export const isSessionId = (value: unknown): value is string =>
  typeof value === 'string' && /^[A-Za-z0-9_-]{32}$/.test(value)

const level = (value: string | number): 1 | 2 => (Number(value) >= 2 ? 2 : 1)

export const toSessionState = (
  sid: string,
  fields: SessionFields
): SessionState => {
  const aal = level(fields.aal)
  const requiredAal = level(fields.requiredAal)
  return {
    sid,
    aal,
    amr: fields.amr.split(' ').filter(Boolean) as AuthMethod[],
    requiredAal,
    secondFactorPending: aal < requiredAal,
    verifiedAt: Number(fields.verifiedAt),
    proof: fields.proof,
    createdAt: Number(fields.createdAt),
  }
}

/**
 * A new session after the password; it owes a second factor when the account
 * has one. The account's e-mail is copied beside its sessions, so requests
 * know who they are for without reading the database.
 */
export const createSession = async (
  userId: number,
  {
    secondFactorRequired,
    email = '',
  }: { secondFactorRequired: boolean; email?: string },
  now = Date.now()
): Promise<SessionState> => {
  const sid = newSessionId()
  const requiredAal = secondFactorRequired ? 2 : 1
  await CREATE_SESSION.run(
    {
      session: redisKeys.session(userId, sid),
      account: redisKeys.account(userId),
    },
    {
      requiredAal,
      nowMs: now,
      idleMs: config().session.idleSeconds * 1000,
      email,
    }
  )
  return toSessionState(sid, {
    aal: '1',
    amr: 'pwd',
    requiredAal: String(requiredAal),
    verifiedAt: '0',
    proof: '',
    createdAt: String(now),
    epoch: '0',
  })
}

/** The keys and arguments every session load uses, for scripts that add to it. */
export const sessionLoadInputs = (
  userId: number,
  sid: string,
  now = Date.now()
) => {
  const { idleSeconds, maxSeconds } = config().session
  return {
    keys: {
      session: redisKeys.session(userId, sid),
      account: redisKeys.account(userId),
      endedFamily: redisKeys.endedFamily(userId, familyOf(sid)),
    },
    args: { nowMs: now, idleMs: idleSeconds * 1000, maxMs: maxSeconds * 1000 },
  }
}

export const loadSession = async (
  userId: number,
  sid: string,
  now = Date.now()
): Promise<SessionState | null> => {
  const { keys, args } = sessionLoadInputs(userId, sid, now)
  const found = await TOUCH_SESSION.run(keys, args)
  return found && toSessionState(sid, found.fields)
}

/** Logout: this session and every session re-issued from the same sign-in. */
export const revokeSession = async (userId: number, sid: string) => {
  await END_SESSION_FAMILY.run(
    {
      session: redisKeys.session(userId, sid),
      endedFamily: redisKeys.endedFamily(userId, familyOf(sid)),
    },
    { maxMs: config().session.maxSeconds * 1000 }
  )
}

/** Signs the user out everywhere but `keepSid` (turning 2FA on or off, for example). */
export const revokeOtherSessions = async (userId: number, keepSid: string) => {
  await REVOKE_OTHER_SESSIONS.run(
    {
      account: redisKeys.account(userId),
      keep: redisKeys.session(userId, keepSid),
    },
    {}
  )
}

/** Signs the user out everywhere (a password reset). */
export const revokeAllSessions = async (userId: number) => {
  // No session id is one character long, so this key never exists.
  await revokeOtherSessions(userId, '-')
}
