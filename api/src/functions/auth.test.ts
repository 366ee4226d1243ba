import crypto from 'node:crypto'

import { dbAuthSession } from '@redwoodjs/auth-dbauth-api'
import { mockHttpEvent } from '@redwoodjs/testing/api'

import { getCurrentUser } from 'src/lib/auth'
import { resetConfig } from 'src/lib/config'
import { db } from 'src/lib/db'
import { logger } from 'src/lib/logger'
import { forgetKnownAddressLocks } from 'src/lib/loginThrottle'
import { redisKeys } from 'src/lib/redis/keys'
import { SESSION_COOKIE_NAME } from 'src/lib/sessions/sessionCookie'
import {
  authEvent,
  invoke,
  sessionCookieFrom,
  sessionCookieName,
  setCookiesOf,
} from 'src/lib/testing/httpEvents'
import { PLIVO } from 'src/lib/testing/smsProviders'
import { useRealRedisForEachTest } from 'src/lib/testing/twoFactorTestkit'

import { handler } from './auth'
import { PASSWORD } from './auth.scenarios'
import type { StandardScenario } from './auth.scenarios'

type Session = { id: number; email: string; sid: string }

const auth = (payload: Record<string, unknown>, cookie?: string) =>
  invoke(handler, authEvent(payload, cookie))

/** What the cookie carries, decrypted the way the graphql function does. */
const sessionOf = (cookie: string) =>
  dbAuthSession(
    { headers: { cookie } } as never,
    SESSION_COOKIE_NAME
  ) as Session

const errorOf = (response: { body?: string }) =>
  JSON.parse(response.body ?? '{}').error

/** Signs in through the auth function and returns the session cookie. */
const loginCookie = async (user: { email: string }) =>
  sessionCookieFrom(
    await auth({ method: 'login', username: user.email, password: PASSWORD })
  )

const client = useRealRedisForEachTest()
beforeEach(() => forgetKnownAddressLocks())

describe('dbAuth through the auth function', () => {
  scenario(
    'signup answers 201 with a session cookie backed by a server-side session',
    async () => {
      const response = await auth({
        method: 'signup',
        username: 'new@example.com',
        password: PASSWORD,
      })
      expect(response.statusCode).toBe(201)
      expect(response.body).not.toMatch(/hashedPassword|salt/)
      const cookie = sessionCookieFrom(response)
      expect(cookie).toBeTruthy()
      const setCookie = setCookiesOf(response).find((c) => c.startsWith(cookie))
      expect(setCookie).toMatch(/;HttpOnly/)
      expect(setCookie).toMatch(/;SameSite=Strict/)

      const session = sessionOf(cookie)
      const user = await db.user.findUnique({
        where: { email: 'new@example.com' },
      })
      expect(session).toEqual({
        id: user.id,
        email: 'new@example.com',
        sid: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
      })
      expect(await client.keys(redisKeys.session(user.id, '*'))).toEqual([
        redisKeys.session(user.id, session.sid),
      ])
      expect(
        await client.hmget(
          redisKeys.session(user.id, session.sid),
          'aal',
          'requiredAal'
        )
      ).toEqual(['1', '1'])
      expect(await getCurrentUser(session as never)).toEqual({
        id: user.id,
        email: 'new@example.com',
        secondFactorPending: false,
      })
    }
  )

  scenario(
    'a password shorter than 12 characters is refused and no account is created',
    async () => {
      const response = await auth({
        method: 'signup',
        username: 'short@example.com',
        password: 'elevenchars',
      })
      expect(response.statusCode).toBe(400)
      expect(errorOf(response)).toMatch(/at least 12 characters/)
      expect(sessionCookieFrom(response)).toBeNull()
      expect(
        await db.user.count({ where: { email: 'short@example.com' } })
      ).toBe(0)
    }
  )

  scenario(
    'login with a wrong password and with an unknown email give the same answer',
    async (scenario: StandardScenario) => {
      const wrongPassword = await auth({
        method: 'login',
        username: scenario.user.passwordOnly.email,
        password: 'not the password at all',
      })
      const unknownEmail = await auth({
        method: 'login',
        username: 'nobody@example.com',
        password: 'not the password at all',
      })
      expect(wrongPassword.statusCode).toBe(400)
      expect(unknownEmail.statusCode).toBe(wrongPassword.statusCode)
      expect(errorOf(wrongPassword)).toBe('Incorrect email or password')
      expect(unknownEmail.body).toBe(wrongPassword.body)
      expect(sessionCookieFrom(wrongPassword)).toBeNull()
      expect(sessionCookieFrom(unknownEmail)).toBeNull()
      // No session: Redis holds only the sign-in throttle's counts, alike
      // for both emails and naming neither.
      const keys = await client.keys('*')
      expect(keys.filter((key) => !key.startsWith('2fa:{login}:'))).toEqual([])
      expect(keys.filter((key) => key.includes(':account:'))).toHaveLength(2)
      expect(keys.join(' ')).not.toContain('example.com')
    }
  )

  scenario(
    'login on a 2FA account gives a session that owes its second factor',
    async (scenario: StandardScenario) => {
      const user = scenario.user.twoFactorOn
      const response = await auth({
        method: 'login',
        username: user.email,
        password: PASSWORD,
      })
      expect(response.statusCode).toBe(200)
      const session = sessionOf(sessionCookieFrom(response))
      expect(session).toMatchObject({ id: user.id, email: user.email })
      expect(await getCurrentUser(session as never)).toEqual({
        id: user.id,
        email: user.email,
        secondFactorPending: true,
      })
      // The pending state lives server-side: a cookie cannot claim otherwise.
      expect(
        await client.hmget(
          redisKeys.session(user.id, session.sid),
          'aal',
          'requiredAal'
        )
      ).toEqual(['1', '2'])
    }
  )

  scenario(
    'login on an account without 2FA gives a full session',
    async (scenario: StandardScenario) => {
      const user = scenario.user.passwordOnly
      const response = await auth({
        method: 'login',
        username: user.email,
        password: PASSWORD,
      })
      const session = sessionOf(sessionCookieFrom(response))
      expect(await getCurrentUser(session as never)).toMatchObject({
        secondFactorPending: false,
      })
    }
  )

  scenario(
    'the server-side session has a bounded idle lifetime, not a 10-year cookie',
    async (scenario: StandardScenario) => {
      const user = scenario.user.passwordOnly
      const response = await auth({
        method: 'login',
        username: user.email,
        password: PASSWORD,
      })
      const session = sessionOf(sessionCookieFrom(response))
      const idle = await client.pttl(redisKeys.session(user.id, session.sid))
      expect(idle).toBeGreaterThan(0)
      expect(idle).toBeLessThanOrEqual(30 * 60 * 1000)
      const expires = setCookiesOf(response)
        .find((c) => c.startsWith(sessionCookieFrom(response)))
        .match(/Expires=([^;]+)/i)[1]
      expect(new Date(expires).getTime() - Date.now()).toBeLessThanOrEqual(
        12 * 60 * 60 * 1000 + 5_000
      )
    }
  )

  scenario(
    'logout revokes the session on the server',
    async (scenario: StandardScenario) => {
      const user = scenario.user.passwordOnly
      const cookie = await loginCookie(user)
      const session = sessionOf(cookie)
      expect(await getCurrentUser(session as never)).not.toBeNull()

      const response = await auth({ method: 'logout' }, cookie)
      expect(response.statusCode).toBe(200)
      expect(sessionCookieFrom(response)).toBeNull()
      // A copy of the old cookie is worthless now.
      expect(await getCurrentUser(session as never)).toBeNull()
      expect(await client.exists(redisKeys.session(user.id, session.sid))).toBe(
        0
      )
      expect(await client.keys(redisKeys.session(user.id, '*'))).toEqual([])
    }
  )

  scenario(
    'logout named in the query string revokes the session too',
    async (scenario: StandardScenario) => {
      const user = scenario.user.passwordOnly
      const cookie = await loginCookie(user)
      const session = sessionOf(cookie)
      // dbAuth reads `method` from the query string before the body.
      const event = authEvent({}, cookie)
      event.queryStringParameters = { method: 'logout' }

      const response = await invoke(handler, event)
      expect(response.statusCode).toBe(200)
      expect(sessionCookieFrom(response)).toBeNull()
      expect(await getCurrentUser(session as never)).toBeNull()
    }
  )

  scenario(
    'sign-in and logout are audited with the client address',
    async (scenario: StandardScenario) => {
      const user = scenario.user.passwordOnly
      const withAddress = (
        payload: Record<string, unknown>,
        cookie?: string
      ) => {
        const event = authEvent(payload, cookie)
        event.requestContext = {
          identity: { sourceIp: '203.0.113.9' },
        } as typeof event.requestContext
        return event
      }
      const info = jest.spyOn(logger, 'info')
      try {
        const cookie = sessionCookieFrom(
          await invoke(
            handler,
            withAddress({
              method: 'login',
              username: user.email,
              password: PASSWORD,
            })
          )
        )
        await invoke(handler, withAddress({ method: 'logout' }, cookie))
        const audits = info.mock.calls
          .map(([fields]) => fields as { audit?: string; ip?: string })
          .filter((fields) => fields?.audit)
        expect(audits).toEqual([
          expect.objectContaining({
            audit: 'session.created',
            userId: user.id,
            ip: '203.0.113.9',
          }),
          expect.objectContaining({
            audit: 'session.revoked',
            userId: user.id,
            ip: '203.0.113.9',
          }),
        ])
      } finally {
        info.mockRestore()
      }
    }
  )

  scenario(
    'a password reset does not sign the user in',
    async (scenario: StandardScenario) => {
      const user = scenario.user.twoFactorOn
      const info = jest.spyOn(logger, 'info')
      let resetToken: string
      try {
        const forgot = await auth({
          method: 'forgotPassword',
          username: user.email,
        })
        expect(forgot.statusCode).toBe(200)
        const line = info.mock.calls
          .map((call) => String(call[1] ?? ''))
          .find((msg) => msg.includes('resetToken='))
        resetToken = line.match(/resetToken=([^\s&]+)/)[1]
      } finally {
        info.mockRestore()
      }

      const tooShort = await auth({
        method: 'resetPassword',
        resetToken,
        password: 'short',
      })
      expect(tooShort.statusCode).toBe(400)

      const newPassword = 'a brand new passphrase'
      const reset = await auth({
        method: 'resetPassword',
        resetToken,
        password: newPassword,
      })
      expect(reset.statusCode).toBe(200)
      expect(sessionCookieFrom(reset)).toBeNull()
      expect(await client.keys('*:session:*')).toEqual([])

      // Signing in afterwards goes through the second factor as usual.
      const login = await auth({
        method: 'login',
        username: user.email,
        password: newPassword,
      })
      expect(login.statusCode).toBe(200)
      expect(
        await getCurrentUser(sessionOf(sessionCookieFrom(login)) as never)
      ).toMatchObject({
        secondFactorPending: true,
      })
    }
  )
})

describe('/auth takes JSON from the app’s own pages only', () => {
  const APP_HOST = 'localhost:8910'
  const APP_ORIGIN = `http://${APP_HOST}`

  /** A request as a browser sends it, with the headers it adds on its own. */
  const browserEvent = ({
    method = 'POST',
    body,
    contentType = 'application/json',
    origin = APP_ORIGIN,
    fetchSite = 'same-origin',
    cookie,
    query,
  }: {
    method?: string
    body?: string
    contentType?: string
    origin?: string
    fetchSite?: string
    cookie?: string
    query?: Record<string, string>
  }) =>
    mockHttpEvent({
      httpMethod: method,
      path: '/auth',
      payload: body ?? null,
      queryStringParameters: query ?? null,
      headers: {
        host: APP_HOST,
        ...(contentType ? { 'content-type': contentType } : {}),
        ...(origin ? { origin } : {}),
        ...(fetchSite ? { 'sec-fetch-site': fetchSite } : {}),
        ...(cookie ? { cookie } : {}),
      },
    })

  const loginBody = (email: string) =>
    JSON.stringify({ method: 'login', username: email, password: PASSWORD })

  scenario(
    'a login sent as a form, multipart or text/plain body is refused with 415 and signs no one in',
    async (scenario: StandardScenario) => {
      // What a form on another site can send without a preflight, each
      // carrying a JSON text as an attacker would shape it.
      for (const contentType of [
        'text/plain;charset=UTF-8',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
      ]) {
        const response = await invoke(
          handler,
          browserEvent({
            body: loginBody(scenario.user.passwordOnly.email),
            contentType,
            // An older browser that sends neither header.
            origin: '',
            fetchSite: '',
          })
        )
        expect(response.statusCode).toBe(415)
        expect(JSON.parse(response.body)).toEqual({
          code: 'UNSUPPORTED_MEDIA_TYPE',
          error: expect.stringContaining('application/json'),
        })
        expect(sessionCookieFrom(response)).toBeNull()
      }
      expect(await client.keys('*')).toEqual([])
    }
  )

  scenario(
    'a request from another origin, or a cross-site fetch, is refused with 403',
    async (scenario: StandardScenario) => {
      const body = loginBody(scenario.user.passwordOnly.email)
      const refused = [
        browserEvent({ body, origin: 'https://attacker.example' }),
        browserEvent({ body, origin: 'http://localhost:8911' }),
        // A sandboxed frame or a data: URL.
        browserEvent({ body, origin: 'null' }),
        browserEvent({ body, origin: '', fetchSite: 'cross-site' }),
        browserEvent({
          method: 'GET',
          query: { method: 'getToken' },
          contentType: '',
          origin: '',
          fetchSite: 'cross-site',
        }),
      ]
      for (const event of refused) {
        const response = await invoke(handler, event)
        expect(response.statusCode).toBe(403)
        expect(JSON.parse(response.body)).toEqual({
          code: 'CROSS_SITE_REQUEST',
          error: expect.any(String),
        })
        expect(sessionCookieFrom(response)).toBeNull()
      }
      expect(await client.keys('*')).toEqual([])
    }
  )

  scenario(
    'the app’s own pages still sign in, read the token and log out',
    async (scenario: StandardScenario) => {
      const user = scenario.user.passwordOnly
      const login = await invoke(
        handler,
        browserEvent({ body: loginBody(user.email) })
      )
      expect(login.statusCode).toBe(200)
      const cookie = sessionCookieFrom(login)
      expect(cookie).toBeTruthy()

      // GET ?method=getToken, as the web app's client asks on every page load.
      const token = await invoke(
        handler,
        browserEvent({
          method: 'GET',
          query: { method: 'getToken' },
          contentType: '',
          origin: '',
          cookie,
        })
      )
      expect(token.statusCode).toBe(200)
      expect(token.body).toBe(String(user.id))

      const logout = await invoke(
        handler,
        browserEvent({ body: JSON.stringify({ method: 'logout' }), cookie })
      )
      expect(logout.statusCode).toBe(200)
      expect(await getCurrentUser(sessionOf(cookie) as never)).toBeNull()
    }
  )
})

describe('what /auth gives away', () => {
  /** Milliseconds `work` takes, the median of `runs`. */
  const medianMs = async (runs: number, work: () => Promise<unknown>) => {
    const times: number[] = []
    for (let i = 0; i < runs; i++) {
      const start = performance.now()
      await work()
      times.push(performance.now() - start)
    }
    return times.sort((a, b) => a - b)[Math.floor(runs / 2)]
  }

  scenario(
    'login hashes the password of an unknown email too, so it takes as long as a wrong password',
    async (scenario: StandardScenario) => {
      const wrongPassword = () =>
        auth({
          method: 'login',
          username: scenario.user.passwordOnly.email,
          password: 'not the password at all',
        })
      const unknownEmail = () =>
        auth({
          method: 'login',
          username: 'nobody@example.com',
          password: 'not the password at all',
        })
      const sync = jest.spyOn(crypto, 'scryptSync')
      const async = jest.spyOn(crypto, 'scrypt')
      const hashes = () => sync.mock.calls.length + async.mock.calls.length
      try {
        await wrongPassword()
        const forWrongPassword = hashes()
        await unknownEmail()
        expect(hashes() - forWrongPassword).toBe(forWrongPassword)
        expect(forWrongPassword).toBe(1)
      } finally {
        sync.mockRestore()
        async.mockRestore()
      }
      // Three more each: four failures per email, under the sign-in throttle.
      const known = await medianMs(3, wrongPassword)
      const unknown = await medianMs(3, unknownEmail)
      expect(unknown).toBeGreaterThan(known / 2)
    }
  )

  scenario(
    'the login and sign-up answers keep the session id in the cookie only',
    async (scenario: StandardScenario) => {
      const login = await auth({
        method: 'login',
        username: scenario.user.passwordOnly.email,
        password: PASSWORD,
      })
      const signup = await auth({
        method: 'signup',
        username: 'fresh@example.com',
        password: PASSWORD,
      })
      for (const response of [login, signup]) {
        expect(response.statusCode).toBeLessThan(300)
        const body = JSON.parse(response.body)
        expect(Object.keys(body).sort()).toEqual(['email', 'id'])
        expect(response.body).not.toContain(
          sessionOf(sessionCookieFrom(response)).sid
        )
      }
    }
  )

  scenario(
    'forgot password gives the same answer for known and unknown emails, in development and under production rules',
    async (scenario: StandardScenario) => {
      const answer = async (email: string) => {
        const response = await auth({
          method: 'forgotPassword',
          username: email,
        })
        return {
          statusCode: response.statusCode,
          body: JSON.parse(response.body ?? 'null'),
          cookies: setCookiesOf(response).map((c) => c.split(';')[0]),
        }
      }
      const answers = async () => [
        await answer(scenario.user.passwordOnly.email),
        await answer('nobody@example.com'),
      ]
      const development = await answers()

      const before = { ...process.env }
      const productionRules = {
        NODE_ENV: 'staging',
        REDIS_URL: process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379/15',
        // A real provider, which must have its credentials (fictional: this
        // test sends nothing).
        SMS_PROVIDER: 'plivo',
        ...PLIVO,
        TWO_FACTOR_ENCRYPTION_KEY: crypto.randomBytes(32).toString('base64'),
      }
      Object.assign(process.env, productionRules)
      resetConfig()
      let productionLike: Awaited<ReturnType<typeof answers>>
      try {
        productionLike = await answers()
      } finally {
        for (const name of Object.keys(productionRules)) {
          if (before[name] === undefined) {
            delete process.env[name]
          } else {
            process.env[name] = before[name]
          }
        }
        resetConfig()
      }

      const expected = {
        statusCode: 200,
        body: {
          message:
            'If an account exists for that email, a reset link is on its way',
        },
        cookies: expect.any(Array),
      }
      for (const each of [...development, ...productionLike]) {
        expect(each).toEqual(expected)
        expect(each).toEqual(development[0])
      }
    }
  )

  it.each([
    ['cut-off JSON', '{"method":"login","username":'],
    ['a JSON array', '[1, 2]'],
    ['JSON null', 'null'],
    ['a JSON string', '"login"'],
    [
      'a username that is not a string',
      '{"method":"login","username":["a@example.com"],"password":"p"}',
    ],
    [
      'a password that is not a string',
      '{"method":"signup","username":"a@example.com","password":{"length":20}}',
    ],
    ['a method that is not a string', '{"method":{"name":"login"}}'],
  ])(
    'a body that is %s is a 400 with a code, never a 500',
    async (_c, body) => {
      const event = authEvent({})
      event.body = body
      const response = await invoke(handler, event)
      expect(response.statusCode).toBe(400)
      expect(JSON.parse(response.body)).toEqual({
        code: 'BAD_REQUEST',
        error: expect.any(String),
      })
    }
  )

  it.each([
    ['GET', 'webAuthnRegOptions'],
    ['GET', 'webAuthnAuthOptions'],
    ['POST', 'webAuthnRegister'],
    ['POST', 'webAuthnAuthenticate'],
    ['POST', 'somethingElse'],
  ])(
    '%s %s, a method this app does not serve, is a 404 that names nothing on the server',
    async (httpMethod, method) => {
      const event =
        httpMethod === 'GET'
          ? mockHttpEvent({
              httpMethod,
              path: '/auth',
              queryStringParameters: { method },
            })
          : authEvent({ method, username: 'a@example.com' })
      const response = await invoke(handler, event)
      expect(response.statusCode).toBe(404)
      expect(JSON.parse(response.body)).toEqual({
        code: 'NOT_FOUND',
        error: 'Unknown auth method',
      })
    }
  )

  scenario(
    'a session cookie that does not decrypt gets dbAuth’s sign-out answer, not a 500',
    async (scenario: StandardScenario) => {
      const badCookie = `${sessionCookieName()}=Zm9vYmFy|AAAAAAAAAAAAAAAAAAAAAA==`
      for (const payload of [
        {
          method: 'login',
          username: scenario.user.passwordOnly.email,
          password: PASSWORD,
        },
        { method: 'logout' },
      ]) {
        const response = await auth(payload, badCookie)
        expect(response.statusCode).toBe(200)
        expect(sessionCookieFrom(response)).toBeNull()
      }
      const getToken = mockHttpEvent({
        httpMethod: 'GET',
        path: '/auth',
        queryStringParameters: { method: 'getToken' },
        headers: { cookie: badCookie },
      })
      expect((await invoke(handler, getToken)).statusCode).toBe(200)
    }
  )
})
