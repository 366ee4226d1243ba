import { useAuth } from 'src/auth'

/**
 * The shape the API's getCurrentUser returns. Typed here rather than inferred
 * from the api side so the web keeps compiling while the API evolves, and so a
 * malformed user object is treated as "not signed in" instead of crashing.
 */
export interface SessionUser {
  id: number
  email: string
  secondFactorPending: boolean
}

export const toSessionUser = (user: unknown): SessionUser | null => {
  if (!user || typeof user !== 'object') {
    return null
  }
  const candidate = user as Record<string, unknown>
  return {
    id: Number(candidate.id),
    email: typeof candidate.email === 'string' ? candidate.email : '',
    // Only an explicit `true` holds the session back, so a missing flag never
    // locks a fully signed-in user out of the app.
    secondFactorPending: candidate.secondFactorPending === true,
  }
}

export const useSession = () => {
  const auth = useAuth()
  const user = auth.isAuthenticated ? toSessionUser(auth.currentUser) : null
  return {
    ...auth,
    user,
    isFullySignedIn: !!user && !user.secondFactorPending,
    isSecondFactorPending: !!user?.secondFactorPending,
  }
}
