import { decryptSession } from '@redwoodjs/auth-dbauth-api'
import { setContext } from '@redwoodjs/context'
import { getAsyncStoreInstance } from '@redwoodjs/context/dist/store'

import { attachSession } from '../auth'
import type { SessionState } from '../sessions/sessionStore'
import { createSession } from '../sessions/sessionStore'

/**
 * Service calls as separate requests, each in a context of its own, as the
 * api server runs them. A test file using these must first swap Redwood's
 * single shared test context for the real one:
 *   jest.mock('@redwoodjs/context', () => jest.requireActual('@redwoodjs/context'))
 */

export type TestUser = { id: number; email: string }

/** Runs `work` as one request by `user` on `session` (from `sourceIp`, if given). */
export const asRequest = <T>(
  user: TestUser,
  session: SessionState,
  work: () => T | Promise<T>,
  { sourceIp }: { sourceIp?: string } = {}
): Promise<T> =>
  getAsyncStoreInstance().run(new Map(), () => {
    const currentUser = {
      id: user.id,
      email: user.email,
      secondFactorPending: session.secondFactorPending,
    }
    const event = { requestContext: { identity: { sourceIp } } }
    setContext({ currentUser, event })
    attachSession(currentUser, session)
    return Promise.resolve(work())
  })

/** A password-only login of an account with 2FA on. */
export const pendingSession = (user: TestUser) =>
  createSession(user.id, { secondFactorRequired: true })

/** A new request on a new pending session (a fresh login). */
export const freshRequest = async <T>(
  user: TestUser,
  work: () => T | Promise<T>
) => asRequest(user, await pendingSession(user), work)

/** 'OK' or the refusal's stable code. */
export const outcome = async (work: unknown) => {
  try {
    await work
    return 'OK'
  } catch (error) {
    return (
      (error as { extensions?: { code?: string } }).extensions?.code ??
      (error as Error).name
    )
  }
}

export const tally = (outcomes: string[]) =>
  outcomes.reduce<Record<string, number>>((counts, name) => {
    counts[name] = (counts[name] ?? 0) + 1
    return counts
  }, {})

/** The session id inside a re-issued session cookie. */
export const sessionIdIn = (cookie: string): string =>
  decryptSession(cookie.split(';')[0].split('=').slice(1).join('='))[0].sid
