import { DbAuthHandler } from '@redwoodjs/auth-dbauth-api'
import type { UserType } from '@redwoodjs/auth-dbauth-api'

import { checkPassword, hashLikeAnAccount } from './passwordHashing'

const isDbAuthError = (error: unknown, name: string) =>
  (error as Error)?.name === name

type LoginResponse = ReturnType<DbAuthHandler<UserType>['_loginResponse']>

/**
 * dbAuth's handler, changed where it would block the server while hashing a
 * password, or tell an attacker more than "no": whether an email has an
 * account, or the session's id.
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
        await hashLikeAnAccount(String(password))
      }
      throw error
    }
  }

  /**
   * dbAuth's own check, with the hash computed off the event loop
   * (lib/passwordHashing). Same hashes, same answers, and a legacy hash is
   * upgraded on sign-in as dbAuth does.
   */
  async _verifyPassword(user: Record<string, unknown>, password: string) {
    const { authFields } = this.options
    const { matches, upgradedHash } = await checkPassword(
      password,
      String(user[authFields.hashedPassword]),
      String(user[authFields.salt])
    )
    if (matches) {
      if (upgradedHash) {
        await this.dbAccessor.update({
          where: { [authFields.id]: user[authFields.id] },
          data: { [authFields.hashedPassword]: upgradedHash },
        })
      }
      return user
    }
    // dbAuth's IncorrectPasswordError is not exported; its answer is this
    // message as a 400, which any error here gets too.
    const flow = this.options.login
    const error = new Error(
      ('errors' in flow ? flow.errors?.incorrectPassword : undefined) ??
        'Incorrect password'
    )
    error.name = 'IncorrectPasswordError'
    throw error
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
