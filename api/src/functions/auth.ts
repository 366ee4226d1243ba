import type { APIGatewayProxyEvent, Context } from 'aws-lambda'

import {
  PasswordValidationError,
  dbAuthSession,
} from '@redwoodjs/auth-dbauth-api'
import type { DbAuthHandlerOptions, UserType } from '@redwoodjs/auth-dbauth-api'

import { AppDbAuthHandler } from 'src/lib/appDbAuthHandler'
import { audit } from 'src/lib/audit'
import { readAuthRequest } from 'src/lib/authRequest'
import { config } from 'src/lib/config'
import { db } from 'src/lib/db'
import { ServiceUnavailableError } from 'src/lib/errors'
import { logger } from 'src/lib/logger'
import {
  beginLoginAttempt,
  loginSucceeded,
  retryAfterSeconds,
  throttledLoginAnswer,
} from 'src/lib/loginThrottle'
import { refuseUnlessSameOriginJson } from 'src/lib/sameOriginJson'
import {
  SESSION_COOKIE_NAME,
  sessionCookieAttributes,
} from 'src/lib/sessions/sessionCookie'
import {
  createSession,
  isSessionId,
  revokeAllSessions,
  revokeSession,
} from 'src/lib/sessions/sessionStore'
import { secondFactorRequired } from 'src/lib/twoFactor'

// Refuse to start on a bad configuration (a weak SESSION_SECRET, no
// REDIS_URL in production) rather than fail on the first sign-up.
config()

// Password rules, stated on the signup page too. NIST SP 800-63B asks for
// length rather than composition rules; the upper bound caps hashing work.
export const PASSWORD_MIN_LENGTH = 12
export const PASSWORD_MAX_LENGTH = 128

// One message for unknown email and wrong password, so login does not
// reveal which emails have accounts.
const LOGIN_FAILED = 'Incorrect email or password'
const RESET_REQUESTED =
  'If an account exists for that email, a reset link is on its way'

const validatePassword = (password: string) => {
  if (typeof password !== 'string' || password.length < PASSWORD_MIN_LENGTH) {
    throw new PasswordValidationError(
      `Use at least ${PASSWORD_MIN_LENGTH} characters for your password`
    )
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    throw new PasswordValidationError(
      `Use at most ${PASSWORD_MAX_LENGTH} characters for your password`
    )
  }
  return true
}

/**
 * Every session dbAuth hands out is backed by a server-side record; the
 * cookie carries its id (`sid`). A 2FA account's session starts out owing
 * its second factor.
 */
const withNewSession = async (
  event: APIGatewayProxyEvent,
  user: { id: number; email: string }
) => {
  const required = await secondFactorRequired(user.id)
  const session = await createSession(user.id, {
    secondFactorRequired: required,
    email: user.email,
  })
  audit(
    'session.created',
    {
      userId: user.id,
      outcome: 'success',
      reason: required ? 'second_factor_pending' : 'password',
    },
    event
  )
  return { ...user, sid: session.sid }
}

/** Logout revokes the server-side session, not only the browser's cookie. */
const revokeCurrentSession = async (event: APIGatewayProxyEvent) => {
  try {
    const session = dbAuthSession(event, SESSION_COOKIE_NAME)
    if (session && typeof session.id === 'number' && isSessionId(session.sid)) {
      await revokeSession(session.id, session.sid)
      audit(
        'session.revoked',
        { userId: session.id, outcome: 'success' },
        event
      )
    }
  } catch (error) {
    // The cookie is cleared either way; a session we could not revoke still
    // ends at its idle timeout.
    logger.warn({ err: error }, 'Could not revoke the session on logout')
  }
}

const SERVICE_UNAVAILABLE = {
  statusCode: 503,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    error: 'Signing in is unavailable right now. Try again shortly.',
    code: 'SERVICE_UNAVAILABLE',
  }),
}

/** A login that will reach the password check: both fields filled in. */
const loginCredentials = (
  event: APIGatewayProxyEvent,
  request: { method: string; body: Record<string, unknown> }
) => {
  const { username, password } = request.body
  return request.method === 'login' &&
    event.httpMethod === 'POST' &&
    typeof username === 'string' &&
    username.trim() !== '' &&
    typeof password === 'string' &&
    password.trim() !== ''
    ? { username }
    : undefined
}

/**
 * Counts a login against its account's and address's limits before its
 * password is looked at, and refuses it (429) when either is locked.
 */
const refuseThrottledLogin = async (
  username: string,
  address: string | undefined
) => {
  try {
    const attempt = await beginLoginAttempt(username, address)
    if (!attempt.throttled) {
      return undefined
    }
    if (attempt.newlyKnown) {
      logger.warn(
        { ip: address, retryAfterSeconds: retryAfterSeconds(attempt.waitMs) },
        'Sign-in throttled'
      )
    }
    return throttledLoginAnswer(attempt.waitMs)
  } catch (error) {
    if (error instanceof ServiceUnavailableError) {
      // Fail closed: without the counters there is no throttle.
      return SERVICE_UNAVAILABLE
    }
    throw error
  }
}

export const handler = async (
  event: APIGatewayProxyEvent,
  context: Context
) => {
  const refused = refuseUnlessSameOriginJson(event)
  if (refused) {
    return refused
  }
  const request = readAuthRequest(event)
  if ('refusal' in request) {
    return request.refusal
  }
  const login = loginCredentials(event, request)
  const address = event.requestContext?.identity?.sourceIp
  if (login) {
    const throttled = await refuseThrottledLogin(login.username, address)
    if (throttled) {
      return throttled
    }
  }

  const forgotPasswordOptions: DbAuthHandlerOptions['forgotPassword'] = {
    // No mailer ships with this app. In development the reset link is
    // written to the api log so the flow can be tried; elsewhere nothing is
    // sent until a mailer is wired in here. Either way the answer is the
    // same neutral message, for known and unknown emails alike.
    handler: (user, resetToken) => {
      if (config().isProductionLike) {
        logger.warn(
          { userId: user.id },
          'Password reset requested, but no mailer is set up to send the link'
        )
      } else {
        logger.info(
          { userId: user.id },
          `Password reset link (development only): /reset-password?resetToken=${resetToken}`
        )
      }
      return { message: RESET_REQUESTED }
    },
    expires: 60 * 30,
    errors: {
      usernameNotFound: RESET_REQUESTED,
      usernameRequired: 'Enter your email',
    },
  }

  const loginOptions: DbAuthHandlerOptions['login'] = {
    handler: (user) => withNewSession(event, user as never),
    errors: {
      usernameOrPasswordMissing: 'Enter your email and password',
      usernameNotFound: LOGIN_FAILED,
      incorrectPassword: LOGIN_FAILED,
    },
    // The cookie's absolute lifetime; the server-side session also has an
    // idle timeout (SESSION_IDLE_SECONDS) and the same absolute cap.
    expires: config().session.maxSeconds,
  }

  const resetPasswordOptions: DbAuthHandlerOptions['resetPassword'] = {
    // Whoever knew the old password may hold a session: a reset ends them
    // all. No automatic sign-in either: the user signs in (and completes
    // 2FA) with the new password like any other time.
    handler: async (user) => {
      await revokeAllSessions(user.id as number)
      audit(
        'sessions.revoked',
        {
          userId: user.id as number,
          outcome: 'success',
          reason: 'password_reset',
        },
        event
      )
      return false
    },
    allowReusedPassword: false,
    errors: {
      resetTokenExpired: 'This reset link has expired. Request a new one.',
      resetTokenInvalid: 'This reset link is not valid. Request a new one.',
      resetTokenRequired: 'This reset link is not valid. Request a new one.',
      reusedPassword: 'Choose a password you have not used here before',
    },
  }

  const signupOptions: DbAuthHandlerOptions<UserType>['signup'] = {
    handler: async ({ username, hashedPassword, salt }) => {
      const user = await db.user.create({
        data: { email: username, hashedPassword, salt },
      })
      return withNewSession(event, user)
    },
    passwordValidation: validatePassword,
    errors: {
      fieldMissing: '${field} is required',
      usernameTaken: 'An account with this email already exists',
    },
  }

  const authHandler = new AppDbAuthHandler(event, context, {
    db,
    authModelAccessor: 'user',
    authFields: {
      id: 'id',
      username: 'email',
      hashedPassword: 'hashedPassword',
      salt: 'salt',
      resetToken: 'resetToken',
      resetTokenExpiresAt: 'resetTokenExpiresAt',
    },
    // What the encrypted session cookie (and the login response) may carry.
    allowedUserFields: ['id', 'email', 'sid'],
    cookie: {
      attributes: sessionCookieAttributes,
      name: SESSION_COOKIE_NAME,
    },
    forgotPassword: forgotPasswordOptions,
    login: loginOptions,
    resetPassword: resetPasswordOptions,
    signup: signupOptions,
  })

  if (request.method === 'logout' && event.httpMethod === 'POST') {
    await revokeCurrentSession(event)
  }

  const response = await authHandler.invoke()
  if (login && response.statusCode === 200) {
    // The session exists already; a failure here only leaves this attempt
    // counted until the window forgets it.
    await loginSucceeded(login.username, address).catch((error) =>
      logger.warn({ err: error }, 'Could not clear the sign-in count')
    )
  }
  return response
}
