import crypto from 'node:crypto'

import { DbAuthHandler, hashPassword } from '@redwoodjs/auth-dbauth-api'
import type { UserType } from '@redwoodjs/auth-dbauth-api'

// A salt no account has: what an unknown email's password is hashed with.
const UNKNOWN_ACCOUNT_SALT = crypto.randomBytes(32).toString('hex')

const isDbAuthError = (error: unknown, name: string) =>
  (error as Error)?.name === name

type LoginResponse = ReturnType<DbAuthHandler<UserType>['_loginResponse']>

/**
 * dbAuth's handler, changed where its answers would tell an attacker more
 * than "no": whether an email has an account, or the session's id.
 */
export class AppDbAuthHandler extends DbAuthHandler<UserType> {
  /**
   * dbAuth answers an unknown email without hashing, in a few milliseconds
   * against the tens a wrong password takes, which tells which emails have
   * accounts. Hash the password the same way before answering.
   */
  async _verifyUser(
    username: string | undefined,
    password: string | undefined
  ) {
    try {
      return await super._verifyUser(username, password)
    } catch (error) {
      if (isDbAuthError(error, 'UserNotFoundError')) {
        hashPassword(String(password), { salt: UNKNOWN_ACCOUNT_SALT })
      }
      throw error
    }
  }

  /**
   * The session id belongs in the encrypted cookie only; dbAuth would also
   * put it in the login and sign-up answers' body, where scripts read it.
   */
  _loginResponse(
    user: Record<string, unknown>,
    statusCode?: number
  ): LoginResponse {
    const [body, headers, options] = super._loginResponse(user, statusCode)
    const { sid: _sid, ...visible } = body as Record<string, unknown>
    return [visible as LoginResponse[0], headers, options]
  }

  /**
   * dbAuth answers an unknown email with a 400 and a known one with a 200:
   * both get the 200 here, with the same message (the one configured for
   * unknown emails) and headers.
   */
  async forgotPassword() {
    try {
      return await super.forgotPassword()
    } catch (error) {
      if (!isDbAuthError(error, 'UsernameNotFoundError')) {
        throw error
      }
      const flow = this.options.forgotPassword
      const message =
        'errors' in flow ? flow.errors?.usernameNotFound : undefined
      return [JSON.stringify({ message }), this._deleteSessionHeader] as [
        string,
        Headers,
      ]
    }
  }
}
