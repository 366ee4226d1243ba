import { createDbAuthClient, createAuth } from '@redwoodjs/auth-dbauth-web'

/**
 * dbAuth's client posts logout with no Content-Type, which the browser sends
 * as text/plain: a body the api's /auth refuses, since a form on another site
 * can send one too. This logout says it is JSON. (The client keeps the last
 * token for up to 5 s and offers no way to drop it; the server goes by the
 * session cookie, which logout clears.)
 */
const logout = async () => {
  await fetch(`${window.RWJS_API_URL}/auth`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ method: 'logout' }),
  })
  return true
}

export const dbAuthClient = { ...createDbAuthClient(), logout }

export const { AuthProvider, useAuth } = createAuth(dbAuthClient)
