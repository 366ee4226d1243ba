import type { Decoder } from '@redwoodjs/api'
import { getEventHeader } from '@redwoodjs/api'
import {
  cookieName as resolveCookieName,
  decryptSession,
} from '@redwoodjs/auth-dbauth-api'

import { logger } from './logger'

/**
 * The dbAuth session cookie's decoder, with two differences from dbAuth's own:
 * - the cookie's name is resolved once, when the api
 *   starts; dbAuth's decoder resolves it on every request, and each time
 *   reads and parses redwood.toml (about 14 % of a request's CPU);
 * - a cookie that does not decrypt (tampered with, or made under another
 *   SESSION_SECRET) reads as no session: the request goes on signed out and
 *   gets UNAUTHENTICATED where it needs a session, instead of failing as a
 *   whole with a 500.
 */
export const sessionCookieDecoder = (cookieNameTemplate: string): Decoder => {
  const name = resolveCookieName(cookieNameTemplate)
  return async (_token, type, request) => {
    if (type !== 'dbAuth') {
      return null
    }
    const header = request.event && getEventHeader(request.event, 'Cookie')
    const value = sessionCookieValue(header, name)
    if (!value) {
      return null
    }
    try {
      const [session] = decryptSession(value)
      return session ?? null
    } catch (error) {
      if ((error as Error)?.name !== 'SessionDecryptionError') {
        throw error
      }
      logger.info('A session cookie that does not decrypt was ignored')
      return null
    }
  }
}

/** The named cookie's value from a Cookie header, or null. */
const sessionCookieValue = (
  header: string | null | undefined,
  name: string
) => {
  if (!header) return null
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=')
    if (at > 0 && pair.slice(0, at).trim() === name) {
      return pair.slice(at + 1).trim() || null
    }
  }
  return null
}
