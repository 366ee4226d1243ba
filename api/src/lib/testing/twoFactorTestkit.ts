import type Redis from 'ioredis'
import RedisMock from 'ioredis-mock'

import { decryptSession } from '@redwoodjs/auth-dbauth-api'
import { context } from '@redwoodjs/graphql-server'

import { attachSession } from '../auth'
import { resetConfig } from '../config'
import { redis, useRedisClient } from '../redis/client'
import type { SessionState } from '../sessions/sessionStore'
import { createSession, loadSession } from '../sessions/sessionStore'
import { useSmsTransport } from '../sms'
import type { SmsMessage } from '../sms'

import { ensureConnected, testRedisClient } from './realRedis'

/** Messages "sent" during a test, newest last. */
export const sentSms: SmsMessage[] = []

export const lastCode = () => {
  const text = sentSms.at(-1)?.text ?? ''
  const match = text.match(/(\d{6}) is your /)
  if (!match) throw new Error(`No code in the last SMS: "${text}"`)
  return match[1]
}

/**
 * Each test gets an empty store and a capturing SMS transport. Without
 * `client`, the in-memory ioredis-mock (which runs the same Lua scripts).
 */
export const resetTwoFactorState = async (client?: Redis) => {
  resetConfig()
  useRedisClient(client ?? (new RedisMock() as unknown as Redis))
  // FLUSHDB, not FLUSHALL: a real server's other databases are not ours.
  await redis().flushdb()
  sentSms.length = 0
  useSmsTransport(async (message) => {
    sentSms.push(message)
  })
}

/**
 * Runs each test of the file on the real test Redis, flushed first, as the
 * app's own client, and returns that client for direct checks. It connects
 * in `beforeAll`, so without a server the tests fail rather than skip.
 */
export const useRealRedisForEachTest = (): Redis => {
  const client = testRedisClient()
  beforeAll(() => ensureConnected(client))
  afterAll(async () => {
    if (client.status !== 'end') await client.quit()
  })
  beforeEach(() => resetTwoFactorState(client))
  return client
}

type TestUser = { id: number; email: string }

/** Signs `user` in as the auth function would and makes it the current user. */
export const signInAs = async (
  user: TestUser,
  { secondFactorPending = false } = {}
): Promise<SessionState> => {
  const session = await createSession(user.id, {
    secondFactorRequired: secondFactorPending,
  })
  useSession(user, session)
  return session
}

/** Points the current request at an existing session (e.g. after re-issue). */
export const useSession = (user: TestUser, session: SessionState) => {
  mockCurrentUser({
    id: user.id,
    email: user.email,
    secondFactorPending: session.secondFactorPending,
  })
  attachSession(context.currentUser as object, session)
}

/** Follows a re-issued session id the way the next request would. */
export const continueSession = async (user: TestUser, sid: string) => {
  const session = await loadSession(user.id, sid)
  if (!session) throw new Error('session not found')
  useSession(user, session)
  return session
}

/** The session id in the cookie the last resolver asked the response to set. */
export const reissuedSid = (): string => {
  const cookie = context.twoFactorResponseCookie as string | undefined
  if (!cookie) throw new Error('no session cookie was re-issued')
  const value = cookie.split(';')[0].split('=').slice(1).join('=')
  const [session] = decryptSession(value)
  return session.sid
}

/** Follows the re-issued session cookie, as the browser's next request would. */
export const continueReissuedSession = (user: TestUser) =>
  continueSession(user, reissuedSid())
