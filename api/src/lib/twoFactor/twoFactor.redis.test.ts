// Every service call below runs in its own request context, as it does in the
// api server: Redwood's real AsyncLocalStorage-backed context replaces the
// single shared context Redwood's Jest set-up installs.
jest.mock('@redwoodjs/context', () => jest.requireActual('@redwoodjs/context'))

import { context } from '@redwoodjs/context'
import { AuthenticationError } from '@redwoodjs/graphql-server'

import { db } from 'src/lib/db'
import { logger } from 'src/lib/logger'
import { redis } from 'src/lib/redis/client'
import { redisKeys } from 'src/lib/redis/keys'
import { loadSession } from 'src/lib/sessions/sessionStore'
import { useSmsTransport } from 'src/lib/sms'
import { codeOf, wrongCode } from 'src/lib/testing/realRedis'
import type { TestUser } from 'src/lib/testing/requests'
import {
  asRequest,
  freshRequest,
  outcome,
  pendingSession,
  sessionIdIn,
  tally,
} from 'src/lib/testing/requests'
import {
  lastCode,
  useRealRedisForEachTest,
  sentSms,
} from 'src/lib/testing/twoFactorTestkit'
import {
  requestOtp,
  twoFactorStatus,
  verifyOtp,
} from 'src/services/twoFactorAuth/twoFactorAuth'

import { sendSmsCode, smsFactor } from './factors/sms/smsFactor'
import type { StandardScenario } from './twoFactor.redis.scenarios'
import { verifyFactor } from './verifier'

const sendCode = async (user: TestUser) => {
  await freshRequest(user, () => requestOtp())
  return lastCode()
}

/** Where the account's codes go: its verified number, else the pending one. */
const smsDestinationOf = async (userId: number) => {
  const row = await db.secondFactor.findFirstOrThrow({
    where: { userId, kind: 'SMS' },
    orderBy: { verifiedAt: 'desc' },
  })
  return {
    factorId: row.id,
    phoneNumber: row.phoneNumber,
    proven: !!row.verifiedAt,
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const client = useRealRedisForEachTest()

describe('the second factor on a real Redis', () => {
  scenario(
    'service calls see their own request context',
    async (scenario: StandardScenario) => {
      const a = scenario.user.withPhone
      const b = scenario.user.twoFactorOn
      const [seenA, seenB] = await Promise.all([
        freshRequest(a, async () => {
          await sleep(20)
          return context.currentUser?.id
        }),
        freshRequest(b, async () => {
          await sleep(5)
          return context.currentUser?.id
        }),
      ])
      expect([seenA, seenB]).toEqual([a.id, b.id])
    }
  )

  scenario(
    'a code is good only for the account whose session asked for it',
    async (scenario: StandardScenario) => {
      const owner = scenario.user.withPhone
      const other = scenario.user.twoFactorOn
      const code = await sendCode(owner)
      // Another account cannot use it (it has no live code of its own), and
      // the digest is bound to the owner's id, so the attempt is just a miss.
      expect(
        await freshRequest(other, () => codeOf(verifyOtp({ otp: code })))
      ).toBe('OTP_EXPIRED')
      await client.del(redisKeys.resendCooldown(other.id))
      await sendCode(other)
      expect(
        await freshRequest(other, () => codeOf(verifyOtp({ otp: code })))
      ).toBe('OTP_INVALID')
      expect(
        await freshRequest(owner, () => outcome(verifyOtp({ otp: code })))
      ).toBe('OK')
    }
  )

  scenario(
    'requestOtp stores only a keyed hash, with a TTL Redis enforces',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withPhone
      const result = await freshRequest(user, () => requestOtp())
      expect(result).toMatchObject({ success: true, retryAfterSeconds: 60 })
      expect(sentSms).toHaveLength(1)
      expect(sentSms[0].to).toBe('+12015550123')
      const code = lastCode()
      expect(code).toMatch(/^[0-9]{6}$/)

      const keys = await client.keys('*')
      for (const key of keys) {
        const type = await client.type(key)
        const dump =
          type === 'hash'
            ? JSON.stringify(await client.hgetall(key))
            : type === 'set'
              ? JSON.stringify(await client.smembers(key))
              : String(await client.get(key))
        expect(`${key} ${dump}`).not.toContain(code)
        expect(`${key} ${dump}`).not.toContain('2015550123')
      }
      const stored = await client.hgetall(redisKeys.otp(user.id))
      expect(stored.digest).toHaveLength(44) // base64 HMAC-SHA-256
      const ttl = await client.pttl(redisKeys.otp(user.id))
      expect(ttl).toBeGreaterThan(295_000)
      expect(ttl).toBeLessThanOrEqual(300_000)
    }
  )

  scenario(
    'an expired code is gone from Redis itself and reads as OTP_EXPIRED',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withPhone
      const code = await sendCode(user)
      await client.pexpire(redisKeys.otp(user.id), 5)
      await sleep(50)
      expect(await client.exists(redisKeys.otp(user.id))).toBe(0)
      expect(
        await freshRequest(user, () => codeOf(verifyOtp({ otp: code })))
      ).toBe('OTP_EXPIRED')
    }
  )

  scenario(
    'verifyOtp succeeds once, re-issues the session, and the code cannot be replayed',
    async (scenario: StandardScenario) => {
      const user = scenario.user.twoFactorOn
      const before = await pendingSession(user)
      const code = await asRequest(user, before, async () => {
        await requestOtp()
        return lastCode()
      })
      const cookie = await asRequest(user, before, async () => {
        expect((await verifyOtp({ otp: code })).success).toBe(true)
        return context.twoFactorResponseCookie
      })
      expect(cookie).toMatch(
        /^session_2fa=[^;]+\|[^;]+;HttpOnly;Path=\/;SameSite=Strict/
      )
      expect(await loadSession(user.id, before.sid)).toBeNull()
      const sid = sessionIdIn(cookie as string)
      const after = await loadSession(user.id, sid)
      expect(after).toMatchObject({
        secondFactorPending: false,
        aal: 2,
        amr: ['pwd', 'sms'],
      })
      expect(after.verifiedAt).toBeGreaterThan(Date.now() - 5_000)

      // The old id grants nothing, even the right code.
      expect(
        await outcome(asRequest(user, before, () => verifyOtp({ otp: code })))
      ).toBe('UNAUTHENTICATED')
      expect(
        await asRequest(user, after, () => codeOf(verifyOtp({ otp: code })))
      ).toBe('OTP_EXPIRED')
    }
  )

  scenario(
    'a resend replaces the old code, which stops working',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withPhone
      const first = await sendCode(user)
      await client.del(redisKeys.resendCooldown(user.id))
      const second = await sendCode(user)
      expect(sentSms).toHaveLength(2)
      if (first !== second) {
        expect(
          await freshRequest(user, () => codeOf(verifyOtp({ otp: first })))
        ).toBe('OTP_REPLACED')
      }
      expect(
        await freshRequest(user, () => outcome(verifyOtp({ otp: second })))
      ).toBe('OK')
    }
  )

  scenario(
    'five wrong guesses kill the code, even the right one afterwards',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withPhone
      const code = await sendCode(user)
      const seen: string[] = []
      for (let i = 0; i < 5; i++) {
        seen.push(
          await freshRequest(user, () =>
            codeOf(verifyOtp({ otp: wrongCode(code) }))
          )
        )
      }
      expect(seen).toEqual([
        'OTP_INVALID',
        'OTP_INVALID',
        'OTP_INVALID',
        'OTP_INVALID',
        'OTP_ATTEMPTS_EXCEEDED',
      ])
      expect(await client.exists(redisKeys.otp(user.id))).toBe(0)
      expect(
        await freshRequest(user, () => codeOf(verifyOtp({ otp: code })))
      ).toBe('OTP_EXPIRED')
    }
  )

  scenario(
    'malformed, empty and oversize codes are clean failures that count',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withPhone
      const code = await sendCode(user)
      const bad = [
        '',
        '12345',
        '1234567',
        '12a456',
        '１２３４５６',
        '٣٣٣٣٣٣',
        'x'.repeat(10_000),
      ]
      for (const otp of bad) {
        const error = await freshRequest(user, async () => {
          try {
            await verifyOtp({ otp })
          } catch (e) {
            return e as { extensions?: { code?: string }; message: string }
          }
          throw new Error('accepted a malformed code')
        })
        expect([
          'OTP_INVALID',
          'OTP_ATTEMPTS_EXCEEDED',
          'OTP_EXPIRED',
        ]).toContain(error.extensions?.code)
        expect(error.message).not.toMatch(/at .*\.(ts|js):\d+/)
      }
      expect(Number(await client.get(redisKeys.failures(user.id)))).toBe(
        bad.length
      )
      // The code died after five malformed tries, as after five wrong ones.
      expect(
        await freshRequest(user, () => codeOf(verifyOtp({ otp: code })))
      ).toBe('OTP_EXPIRED')
    }
  )

  scenario(
    'ten failures across codes lock verification for 15 minutes; resends and new logins do not reset the count',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withPhone
      const seen: string[] = []
      for (let round = 0; round < 2; round++) {
        await client.del(redisKeys.resendCooldown(user.id))
        const code = await sendCode(user)
        for (let i = 0; i < 5; i++) {
          seen.push(
            await freshRequest(user, () =>
              codeOf(verifyOtp({ otp: wrongCode(code) }))
            )
          )
        }
      }
      expect(seen.slice(0, 5)).toEqual([
        'OTP_INVALID',
        'OTP_INVALID',
        'OTP_INVALID',
        'OTP_INVALID',
        'OTP_ATTEMPTS_EXCEEDED',
      ])
      expect(seen.slice(5, 9)).toEqual([
        'OTP_INVALID',
        'OTP_INVALID',
        'OTP_INVALID',
        'OTP_INVALID',
      ])
      expect(seen[9]).toBe('TWO_FACTOR_LOCKED')

      // While locked no code is sent (none could be used), and none verifies.
      await client.del(redisKeys.resendCooldown(user.id))
      const sent = sentSms.length
      expect(await freshRequest(user, () => codeOf(requestOtp()))).toBe(
        'TWO_FACTOR_LOCKED'
      )
      expect(sentSms).toHaveLength(sent)
      const error = await freshRequest(user, async () => {
        try {
          await verifyOtp({ otp: '123456' })
        } catch (e) {
          return e as {
            extensions: { code: string; retryAfterSeconds: number }
          }
        }
        throw new Error('verified while locked')
      })
      expect(error.extensions.code).toBe('TWO_FACTOR_LOCKED')
      expect(error.extensions.retryAfterSeconds).toBeGreaterThan(890)
      expect(error.extensions.retryAfterSeconds).toBeLessThanOrEqual(900)
      const lockTtl = await client.pttl(redisKeys.lock(user.id))
      expect(lockTtl).toBeGreaterThan(890_000)
      expect(lockTtl).toBeLessThanOrEqual(900_000)
    }
  )

  scenario(
    'after 100 consecutive failures across lockout windows, each further failure locks for a day until a success',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withPhone
      const code = await sendCode(user)
      // 99 failures spread over earlier windows, each ended by its lockout.
      await client.set(redisKeys.consecutiveFailures(user.id), 99)

      expect(
        await freshRequest(user, () =>
          codeOf(verifyOtp({ otp: wrongCode(code) }))
        )
      ).toBe('TWO_FACTOR_LOCKED')
      const dayMs = 24 * 60 * 60 * 1000
      expect(await client.pttl(redisKeys.lock(user.id))).toBeGreaterThan(
        dayMs - 10_000
      )

      // When the day is over, one more wrong guess locks it again at once.
      await client.del(redisKeys.lock(user.id))
      await client.del(redisKeys.resendCooldown(user.id))
      const next = await sendCode(user)
      expect(
        await freshRequest(user, () =>
          codeOf(verifyOtp({ otp: wrongCode(next) }))
        )
      ).toBe('TWO_FACTOR_LOCKED')

      // The right code, once allowed to be tried, ends the streak.
      await client.del(redisKeys.lock(user.id))
      await client.del(redisKeys.resendCooldown(user.id))
      const last = await sendCode(user)
      expect(
        await freshRequest(user, () => outcome(verifyOtp({ otp: last })))
      ).toBe('OK')
      expect(await client.exists(redisKeys.consecutiveFailures(user.id))).toBe(
        0
      )
    }
  )

  scenario(
    'a success resets the account failure count',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withPhone
      const code = await sendCode(user)
      await freshRequest(user, () =>
        codeOf(verifyOtp({ otp: wrongCode(code) }))
      )
      expect(await client.get(redisKeys.failures(user.id))).toBe('1')
      expect(
        await freshRequest(user, () => outcome(verifyOtp({ otp: code })))
      ).toBe('OK')
      expect(await client.exists(redisKeys.failures(user.id))).toBe(0)
    }
  )

  scenario(
    'one verifyOtp per request: a second one in the same request is refused unevaluated',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withPhone
      const code = await sendCode(user)
      const seen = await freshRequest(user, async () => [
        await codeOf(verifyOtp({ otp: wrongCode(code) })),
        await codeOf(verifyOtp({ otp: code })),
      ])
      expect(seen).toEqual(['OTP_INVALID', 'TOO_MANY_OPERATIONS'])
      expect(await client.get(redisKeys.failures(user.id))).toBe('1')
      expect(await client.hget(redisKeys.otp(user.id), 'tries')).toBe('1')
    }
  )

  scenario(
    'resend cooldown is 60 s and at most 5 sends an hour',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withPhone
      await sendCode(user)
      const error = await freshRequest(user, async () => {
        try {
          await requestOtp()
        } catch (e) {
          return e as {
            extensions: { code: string; retryAfterSeconds: number }
          }
        }
        throw new Error('sent during the cooldown')
      })
      expect(error.extensions.code).toBe('RATE_LIMITED')
      expect(error.extensions.retryAfterSeconds).toBeGreaterThan(55)
      expect(error.extensions.retryAfterSeconds).toBeLessThanOrEqual(60)
      const cooldown = await client.pttl(redisKeys.resendCooldown(user.id))
      expect(cooldown).toBeGreaterThan(55_000)
      for (let i = 0; i < 4; i++) {
        await client.del(redisKeys.resendCooldown(user.id))
        await sendCode(user)
      }
      await client.del(redisKeys.resendCooldown(user.id))
      expect(await freshRequest(user, () => codeOf(requestOtp()))).toBe(
        'RATE_LIMITED'
      )
      expect(sentSms).toHaveLength(5)
      const status = await freshRequest(user, () => twoFactorStatus())
      expect(status.codeExpiresInSeconds).toBeGreaterThan(295)
    }
  )

  scenario(
    'a revoked session cannot verify even with the right code',
    async (scenario: StandardScenario) => {
      const user = scenario.user.twoFactorOn
      const session = await pendingSession(user)
      const code = await asRequest(user, session, async () => {
        await requestOtp()
        return lastCode()
      })
      await client.del(redisKeys.session(user.id, session.sid))
      await expect(
        asRequest(user, session, () => verifyOtp({ otp: code }))
      ).rejects.toThrow(AuthenticationError)
      expect(await client.exists(redisKeys.otp(user.id))).toBe(1)
    }
  )
})

describe('races on a real Redis', () => {
  scenario(
    '20 concurrent correct verifyOtp calls, each its own request and session, give exactly one success',
    async (scenario: StandardScenario) => {
      const user = scenario.user.twoFactorOn
      const code = await sendCode(user)
      const sessions = await Promise.all(
        Array.from({ length: 20 }, () => pendingSession(user))
      )
      const results = await Promise.all(
        sessions.map((session) =>
          asRequest(user, session, async () => ({
            outcome: await outcome(verifyOtp({ otp: code })),
            cookie: context.twoFactorResponseCookie,
          }))
        )
      )
      const outcomes = results.map((r) => r.outcome)
      expect(outcomes.filter((o) => o === 'OK')).toHaveLength(1)
      // Redis runs the scripts one at a time: the first consumes the code, each
      // later one counts as a failure (OTP_EXPIRED) until the tenth locks.
      expect(tally(outcomes)).toEqual({
        OK: 1,
        OTP_EXPIRED: 9,
        TWO_FACTOR_LOCKED: 10,
      })
      // Only the winning request re-issued a session cookie.
      expect(results.filter((r) => r.cookie)).toHaveLength(1)
      expect(results.find((r) => r.outcome === 'OK').cookie).toBeTruthy()

      // The winner's pre-2FA session is gone; the 19 others still owe the factor.
      const racers = await Promise.all(
        sessions.map((s) => loadSession(user.id, s.sid))
      )
      expect(racers.filter((s) => s === null)).toHaveLength(1)
      expect(racers.filter((s) => s?.secondFactorPending)).toHaveLength(19)
      const winner = await loadSession(
        user.id,
        sessionIdIn(results.find((r) => r.outcome === 'OK').cookie as string)
      )
      expect(winner).toMatchObject({ secondFactorPending: false, aal: 2 })
    }
  )

  scenario(
    '20 concurrent verifyFactor calls with the right code and distinct sessions give exactly one new session',
    async (scenario: StandardScenario) => {
      const user = scenario.user.twoFactorOn
      const code = await sendCode(user)
      const sessions = await Promise.all(
        Array.from({ length: 20 }, () => pendingSession(user))
      )
      const results = await Promise.allSettled(
        sessions.map((session) =>
          verifyFactor(smsFactor, user.id, session, code)
        )
      )
      const won = results.filter(
        (r) => r.status === 'fulfilled'
      ) as PromiseFulfilledResult<{ sid: string }>[]
      expect(won).toHaveLength(1)
      const upgraded = await loadSession(user.id, won[0].value.sid)
      expect(upgraded).toMatchObject({ secondFactorPending: false })
      const refused = results
        .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
        .map((r) => r.reason.extensions?.code)
      expect(tally(refused)).toEqual({ OTP_EXPIRED: 9, TWO_FACTOR_LOCKED: 10 })
    }
  )

  scenario(
    '50 concurrent wrong verifyOtp calls: at most 5 are evaluated against the code and the tenth failure locks',
    async (scenario: StandardScenario) => {
      const user = scenario.user.twoFactorOn
      const code = await sendCode(user)
      const info = jest.spyOn(logger, 'info')
      try {
        const sessions = await Promise.all(
          Array.from({ length: 50 }, () => pendingSession(user))
        )
        const outcomes = await Promise.all(
          sessions.map((session, i) =>
            asRequest(user, session, () =>
              outcome(
                verifyOtp({
                  otp: String((Number(code) + 1 + i) % 1_000_000).padStart(
                    6,
                    '0'
                  ),
                })
              )
            )
          )
        )
        expect(tally(outcomes)).toEqual({
          OTP_INVALID: 4, // evaluated against the code
          OTP_ATTEMPTS_EXCEEDED: 1, // the fifth evaluation kills it
          OTP_EXPIRED: 4, // no code left: failures 6 to 9
          TWO_FACTOR_LOCKED: 41, // the tenth failure locks; the rest are refused
        })
        // Every refusal is audited; the lockout exactly once.
        const audits = info.mock.calls
          .map(([fields]) => fields as { audit?: string; reason?: string })
          .filter((fields) => fields?.audit)
        expect(
          audits.filter((a) => a.audit === 'two_factor.locked')
        ).toHaveLength(1)
        expect(
          audits.filter((a) => a.audit === 'second_factor.verified')
        ).toHaveLength(0)
        expect(
          tally(
            audits
              .filter((a) => a.audit === 'second_factor.failed')
              .map((a) => a.reason)
          )
        ).toEqual({
          OTP_INVALID: 4,
          OTP_ATTEMPTS_EXCEEDED: 1,
          OTP_EXPIRED: 4,
          TWO_FACTOR_LOCKED: 40,
        })
      } finally {
        info.mockRestore()
      }
      expect(await client.exists(redisKeys.otp(user.id))).toBe(0)
      const lockTtl = await client.pttl(redisKeys.lock(user.id))
      expect(lockTtl).toBeGreaterThan(890_000)

      // No new code while the account is locked, and the old one is dead.
      await client.del(redisKeys.resendCooldown(user.id))
      expect(await freshRequest(user, () => codeOf(requestOtp()))).toBe(
        'TWO_FACTOR_LOCKED'
      )
      expect(
        await freshRequest(user, () => codeOf(verifyOtp({ otp: code })))
      ).toBe('TWO_FACTOR_LOCKED')
    }
  )

  scenario(
    '20 concurrent sendSmsCode calls respect the cooldown: exactly one SMS goes out',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withPhone
      const delivered: string[] = []
      useSmsTransport(async ({ to }) => {
        await sleep(20)
        delivered.push(to)
      })
      const to = await smsDestinationOf(user.id)
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, () => outcome(sendSmsCode(user.id, to)))
      )
      expect(tally(outcomes)).toEqual({ OK: 1, RATE_LIMITED: 19 })
      expect(delivered).toEqual(['+12015550123'])
      expect(await client.get(redisKeys.hourlySends(user.id))).toBe('1')
      expect(await client.get(redisKeys.globalSmsBudget())).toBe('1')
      expect(await redis().exists(redisKeys.otp(user.id))).toBe(1)
    }
  )
})
