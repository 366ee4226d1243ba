import type { Decoder } from '@redwoodjs/api'
import { createAuthDecoder } from '@redwoodjs/auth-dbauth-api'

import { logger } from './logger'

/**
 * dbAuth's decoder for the session cookie, except that a cookie that does not
 * decrypt (tampered with, or made under another SESSION_SECRET) reads as no
 * session: the request goes on signed out and gets UNAUTHENTICATED where it
 * needs a session, instead of failing as a whole with a 500.
 */
export const sessionCookieDecoder = (cookieName: string): Decoder => {
  const decode = createAuthDecoder(cookieName)
  return async (token, type, request) => {
    try {
      return await decode(token, type, request)
    } catch (error) {
      if ((error as Error)?.name !== 'SessionDecryptionError') {
        throw error
      }
      logger.info('A session cookie that does not decrypt was ignored')
      return null
    }
  }
}
