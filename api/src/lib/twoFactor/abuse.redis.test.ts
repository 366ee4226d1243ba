// Every service call below runs in its own request context, as in the api server.
jest.mock('@redwoodjs/context', () => jest.requireActual('@redwoodjs/context'))

import { resetConfig } from 'src/lib/config'
import { redisKeys } from 'src/lib/redis/keys'
import { createSession, loadSession } from 'src/lib/sessions/sessionStore'
import type { TestUser } from 'src/lib/testing/requests'
import { asRequest, outcome, pendingSession } from 'src/lib/testing/requests'
import {
  sentSms,
  useRealRedisForEachTest,
} from 'src/lib/testing/twoFactorTestkit'
import { requestOtp, verifyOtp } from 'src/services/twoFactorAuth/twoFactorAuth'

import type { StandardScenario } from './abuse.redis.scenarios'

const client = useRealRedisForEachTest()

/** One wrong code on `session`; its outcome. */
const guessWrong = (user: TestUser, session) =>
  asRequest(user, session, () => outcome(verifyOtp({ otp: '000000' })))

const withEnv = async (
  env: Record<string, string>,
  work: () => Promise<void>
) => {
  const saved = { ...process.env }
  Object.assign(process.env, env)
  resetConfig()
  try {
    await work()
  } finally {
    process.env = saved
    resetConfig()
  }
}

describe('someone with only the password', () => {
  scenario(
    'is signed out after five wrong codes in one session, and must sign in again for more',
    async (scenario: StandardScenario) => {
      const user = scenario.user.owner
      const session = await pendingSession(user)
      const seen: string[] = []
      for (let i = 0; i < 5; i++) seen.push(await guessWrong(user, session))
      expect(seen).toEqual([
        'OTP_EXPIRED',
        'OTP_EXPIRED',
        'OTP_EXPIRED',
        'OTP_EXPIRED',
        'TOO_MANY_FAILED_ATTEMPTS',
      ])
      expect(await loadSession(user.id, session.sid)).toBeNull()
      expect(await guessWrong(user, session)).toBe('UNAUTHENTICATED')
      // The account itself is not locked yet: five of its ten.
      expect(await client.exists(redisKeys.lock(user.id))).toBe(0)
      expect(await client.get(redisKeys.failures(user.id))).toBe('5')
    }
  )

  scenario(
    'cannot spend texts while verification is locked, and the owner is told once, at their number',
    async (scenario: StandardScenario) => {
      const user = scenario.user.owner
      const seen: string[] = []
      for (let signIn = 0; signIn < 3; signIn++) {
        const session = await pendingSession(user)
        for (let i = 0; i < 5; i++) seen.push(await guessWrong(user, session))
      }
      expect(seen.filter((o) => o === 'TWO_FACTOR_LOCKED')).toHaveLength(6)
      expect(seen[9]).toBe('TWO_FACTOR_LOCKED')

      // One notice, at the proven number, saying what to do.
      expect(sentSms).toHaveLength(1)
      expect(sentSms[0].to).toBe('+12015550199')
      expect(sentSms[0].text).toMatch(/reset your password/)
      expect(sentSms[0].text).not.toMatch(/\d{6}/)

      // No code goes out while locked.
      const session = await pendingSession(user)
      expect(await asRequest(user, session, () => outcome(requestOtp()))).toBe(
        'TWO_FACTOR_LOCKED'
      )
      expect(sentSms).toHaveLength(1)
    }
  )

  scenario(
    'a later lock, once the first is over, tells the owner again',
    async (scenario: StandardScenario) => {
      const user = scenario.user.owner
      const lockOnce = async () => {
        for (let signIn = 0; signIn < 2; signIn++) {
          const session = await pendingSession(user)
          for (let i = 0; i < 5; i++) await guessWrong(user, session)
        }
      }
      await lockOnce()
      expect(sentSms).toHaveLength(1)
      // The lock and its notice mark run out together (the lock's duration).
      const noticeTtl = await client.pttl(redisKeys.lockNotice(user.id))
      expect(noticeTtl).toBeGreaterThan(890_000)
      expect(noticeTtl).toBeLessThanOrEqual(900_000)
      await client.del(redisKeys.lock(user.id), redisKeys.lockNotice(user.id))
      await lockOnce()
      expect(sentSms).toHaveLength(2)
    }
  )
})

describe('the SMS budget', () => {
  scenario(
    'throw-away accounts cannot spend what sign-in codes need',
    async (scenario: StandardScenario) => {
      await withEnv(
        { SMS_HOURLY_BUDGET: '4', SMS_ENROLLMENT_BUDGET_PERCENT: '50' },
        async () => {
          const enrol = async (user: TestUser, sourceIp: string) =>
            asRequest(
              user,
              await createSession(user.id, { secondFactorRequired: false }),
              () => outcome(requestOtp()),
              { sourceIp }
            )
          const { throwAway1, throwAway2, throwAway3, throwAway4 } =
            scenario.user
          // Each from an address of its own: the share is what stops them.
          expect(await enrol(throwAway1, '198.51.100.1')).toBe('OK')
          expect(await enrol(throwAway2, '198.51.100.2')).toBe('OK')
          expect(await enrol(throwAway3, '198.51.100.3')).toBe(
            'SMS_BUDGET_EXCEEDED'
          )
          expect(await enrol(throwAway4, '198.51.100.4')).toBe(
            'SMS_BUDGET_EXCEEDED'
          )

          // The owner's sign-in code still goes out.
          const owner = scenario.user.owner
          const session = await pendingSession(owner)
          expect(
            await asRequest(owner, session, () => outcome(requestOtp()))
          ).toBe('OK')
          expect(sentSms.map((m) => m.to)).toEqual([
            '+12015550101',
            '+12015550102',
            '+12015550199',
          ])
        }
      )
    }
  )

  scenario(
    'one client address gets only a few texts to unproven numbers an hour',
    async (scenario: StandardScenario) => {
      await withEnv(
        { SMS_ENROLLMENT_MAX_PER_ADDRESS_PER_HOUR: '2' },
        async () => {
          const enrol = async (user: TestUser, sourceIp: string) =>
            asRequest(
              user,
              await createSession(user.id, { secondFactorRequired: false }),
              () => outcome(requestOtp()),
              { sourceIp }
            )
          const { throwAway1, throwAway2, throwAway3, throwAway4 } =
            scenario.user
          expect(await enrol(throwAway1, '203.0.113.9')).toBe('OK')
          expect(await enrol(throwAway2, '203.0.113.9')).toBe('OK')
          expect(await enrol(throwAway3, '203.0.113.9')).toBe('RATE_LIMITED')
          expect(await enrol(throwAway4, '203.0.113.10')).toBe('OK')
          expect(await client.keys('*203.0.113*')).toEqual([]) // addresses are kept only as digests
        }
      )
    }
  )
})
