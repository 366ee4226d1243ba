import { getCurrentUser } from 'src/lib/auth'
import { logger } from 'src/lib/logger'
import { redisKeys } from 'src/lib/redis/keys'
import {
  authEvent,
  graphqlEvent,
  invoke,
  sessionCookieFrom,
} from 'src/lib/testing/httpEvents'
import {
  lastCode,
  useRealRedisForEachTest,
} from 'src/lib/testing/twoFactorTestkit'

import { handler as authHandler } from './auth'
import type { StandardScenario } from './auth.sessionEnd.scenarios'
import { PASSWORD } from './auth.sessionEnd.scenarios'
import { handler as graphqlHandler } from './graphql'

const client = useRealRedisForEachTest()

const auth = (payload: Record<string, unknown>, cookie?: string) =>
  invoke(authHandler, authEvent(payload, cookie))

const login = async (email: string, password = PASSWORD) => {
  const response = await auth({ method: 'login', username: email, password })
  expect(response.statusCode).toBe(200)
  return sessionCookieFrom(response)
}

const graphql = (query: string, cookie: string, userId: number) =>
  invoke(graphqlHandler, graphqlEvent({ query }, { cookie, userId }))

const errorCode = (response: { body?: string }) =>
  JSON.parse(response.body ?? '{}').errors?.[0]?.extensions?.code

/** Whether a cookie still gets anything from the api. */
const stillSignedIn = async (cookie: string, userId: number) =>
  errorCode(
    await graphql('{ twoFactorStatus { verified } }', cookie, userId)
  ) !== 'UNAUTHENTICATED'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('sessions end when they must', () => {
  scenario(
    'a password reset ends every session of the account, the verified ones too, and is audited',
    async (scenario: StandardScenario) => {
      const user = scenario.user.passwordOnly
      const sessions = [await login(user.email), await login(user.email)]
      for (const cookie of sessions) {
        expect(await stillSignedIn(cookie, user.id)).toBe(true)
      }
      const info = jest.spyOn(logger, 'info')
      let resetToken: string
      try {
        await auth({ method: 'forgotPassword', username: user.email })
        const line = info.mock.calls
          .map((call) => String(call[1] ?? ''))
          .find((message) => message.includes('resetToken='))
        resetToken = line.match(/resetToken=([^\s&]+)/)[1]
        const reset = await auth({
          method: 'resetPassword',
          resetToken,
          password: 'a brand new passphrase',
        })
        expect(reset.statusCode).toBe(200)
        expect(
          info.mock.calls.map(([fields]) => fields as { audit?: string })
        ).toContainEqual(
          expect.objectContaining({
            audit: 'sessions.revoked',
            userId: user.id,
            reason: 'password_reset',
          })
        )
      } finally {
        info.mockRestore()
      }
      for (const cookie of sessions) {
        expect(await stillSignedIn(cookie, user.id)).toBe(false)
      }
      // The new password signs in as usual.
      expect(
        await stillSignedIn(
          await login(user.email, 'a brand new passphrase'),
          user.id
        )
      ).toBe(true)
    }
  )

  scenario(
    'a logout ends the session the verifier re-issued from it, whichever finishes first',
    async (scenario: StandardScenario) => {
      const user = scenario.user.twoFactorOn
      const reissued: string[] = []
      for (let round = 0; round < 12; round++) {
        await client.del(redisKeys.resendCooldown(user.id))
        const cookie = await login(user.email)
        await graphql('mutation { requestOtp { success } }', cookie, user.id)
        const code = lastCode()
        // The logout leaves a little later each round, so both orders happen.
        const [verified] = await Promise.all([
          Promise.resolve().then(() =>
            graphql(
              `mutation { verifyOtp(otp: "${code}") { success } }`,
              cookie,
              user.id
            )
          ),
          sleep(round * 15).then(() => auth({ method: 'logout' }, cookie)),
        ])
        const next = sessionCookieFrom(verified)
        if (next) reissued.push(next)
        expect(await stillSignedIn(cookie, user.id)).toBe(false)
        if (next) expect(await stillSignedIn(next, user.id)).toBe(false)
      }
      // Both orders happened: sessions re-issued before the logout were
      // checked above, and so were logouts that came first.
      expect(reissued.length).toBeGreaterThan(0)
      expect(reissued.length).toBeLessThan(12)
    }
  )

  scenario(
    'a logout with the cookie from before the second factor ends the verified session too',
    async (scenario: StandardScenario) => {
      const user = scenario.user.twoFactorOn
      const before = await login(user.email)
      await graphql('mutation { requestOtp { success } }', before, user.id)
      const verified = await graphql(
        `mutation { verifyOtp(otp: "${lastCode()}") { success } }`,
        before,
        user.id
      )
      const after = sessionCookieFrom(verified)
      expect(await stillSignedIn(after, user.id)).toBe(true)
      await auth({ method: 'logout' }, before)
      expect(await stillSignedIn(after, user.id)).toBe(false)
      expect(
        await getCurrentUser({
          id: user.id,
          email: user.email,
          sid: 'x',
        } as never)
      ).toBeNull()
      // Another sign-in of the same account is not touched.
      const other = await login(user.email)
      expect(await stillSignedIn(other, user.id)).toBe(true)
    }
  )
})
