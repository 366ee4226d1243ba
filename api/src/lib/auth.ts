import type { Decoded } from '@redwoodjs/api'
import { AuthenticationError, context } from '@redwoodjs/graphql-server'

import { db } from './db'
import { ServiceUnavailableError, TwoFactorError } from './errors'
import type { SessionState } from './sessions/sessionStore'
import { isSessionId, loadSession } from './sessions/sessionStore'

export { SESSION_COOKIE_NAME as cookieName } from './sessions/sessionCookie'

/**
 * What the web side sees as `currentUser`. Only safe fields: never the phone
 * number, hashes or the session id.
 */
export type CurrentUser = {
  id: number
  email: string
  secondFactorPending: boolean
}

// The session travels beside currentUser, not inside it, so it never reaches
// the browser through `redwood { currentUser }`.
const sessions = new WeakMap<object, SessionState | 'unavailable'>()

export const attachSession = (
  user: object,
  state: SessionState | 'unavailable'
) => {
  sessions.set(user, state)
}

/** The server-side session of this request; fails closed. */
export const currentSession = (): SessionState => {
  const user = context.currentUser as CurrentUser | undefined
  const state = user && sessions.get(user)
  if (state === 'unavailable') {
    throw new ServiceUnavailableError()
  }
  if (!user || !state) {
    throw new AuthenticationError("You don't have permission to do that.")
  }
  return state
}

/**
 * Called by Redwood for every request that carries a dbAuth cookie. A cookie
 * is only good with a live server-side session for the same user: revoked,
 * expired or forged sessions read as signed out. When Redis is unreachable the
 * user is kept but marked pending, so nothing beyond the second-factor screen
 * is reachable until it returns.
 */
export const getCurrentUser = async (
  session: Decoded
): Promise<CurrentUser | null> => {
  if (!session || typeof session.id !== 'number' || !isSessionId(session.sid)) {
    return null
  }
  const user = await db.user.findUnique({
    where: { id: session.id },
    select: { id: true, email: true },
  })
  if (!user) {
    return null
  }
  let state: SessionState | null
  try {
    state = await loadSession(user.id, session.sid)
  } catch (error) {
    if (!(error instanceof ServiceUnavailableError)) {
      throw error
    }
    const pending: CurrentUser = { ...user, secondFactorPending: true }
    attachSession(pending, 'unavailable')
    return pending
  }
  if (!state) {
    return null
  }
  const currentUser: CurrentUser = {
    ...user,
    secondFactorPending: state.secondFactorPending,
  }
  attachSession(currentUser, state)
  return currentUser
}

export const isAuthenticated = (): boolean => {
  try {
    return !currentSession().secondFactorPending
  } catch {
    return false
  }
}

/** Full access: signed in and, on a 2FA account, second factor done. */
export const requireAuth = () => {
  if (currentSession().secondFactorPending) {
    throw new TwoFactorError('SECOND_FACTOR_REQUIRED')
  }
}

/** Signed in with a live session that may still owe its second factor. */
export const requireSession = () => {
  currentSession()
}

/** Roles are not used by this app; kept for Redwood's generated code. */
export const hasRole = (_roles?: string | string[]): boolean =>
  isAuthenticated()
