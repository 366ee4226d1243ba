import type { Decoded } from '@redwoodjs/api'
import { AuthenticationError, context } from '@redwoodjs/graphql-server'

import { db } from './db'
import { ServiceUnavailableError, TwoFactorError } from './errors'
import type { SessionState } from './sessions/sessionStore'
import { isSessionId } from './sessions/sessionStore'
import type { RequestState, StatusSnapshot } from './twoFactor/requestState'
import { loadRequestState } from './twoFactor/requestState'

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
type Attached = { session: SessionState; status: StatusSnapshot | null }
const sessions = new WeakMap<object, Attached | 'unavailable'>()

export const attachSession = (
  user: object,
  state: SessionState | 'unavailable',
  status: StatusSnapshot | null = null
) => {
  sessions.set(
    user,
    state === 'unavailable' ? state : { session: state, status }
  )
}

const attached = () => {
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

/** The server-side session of this request; fails closed. */
export const currentSession = (): SessionState => attached().session

/** What the session load also read for twoFactorStatus, or null when it did not. */
export const currentStatusSnapshot = (): StatusSnapshot | null =>
  attached().status

/**
 * Called by Redwood for every request that carries a dbAuth cookie. A cookie
 * is only good with a live server-side session for the same user: revoked,
 * expired or forged sessions read as signed out. One Redis round trip loads
 * the session and the account's e-mail (no database row is read). When Redis
 * is unreachable the user is kept but marked pending, so nothing beyond the
 * second-factor screen is reachable until it returns.
 */
export const getCurrentUser = async (
  session: Decoded
): Promise<CurrentUser | null> => {
  if (!session || typeof session.id !== 'number' || !isSessionId(session.sid)) {
    return null
  }
  let state: RequestState | null
  try {
    state = await loadRequestState(session.id, session.sid)
  } catch (error) {
    if (!(error instanceof ServiceUnavailableError)) {
      throw error
    }
    const pending: CurrentUser = {
      id: session.id,
      email: String(session.email ?? ''),
      secondFactorPending: true,
    }
    attachSession(pending, 'unavailable')
    return pending
  }
  if (!state) {
    return null
  }
  const currentUser: CurrentUser = {
    id: session.id,
    email: state.email || (await emailFromDatabase(session.id)),
    secondFactorPending: state.session.secondFactorPending,
  }
  attachSession(currentUser, state.session, state.status)
  return currentUser
}

/** Sessions made before the e-mail was kept beside them (an upgrade). */
const emailFromDatabase = async (userId: number) =>
  (await db.user.findUnique({ where: { id: userId }, select: { email: true } }))
    ?.email ?? ''

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
