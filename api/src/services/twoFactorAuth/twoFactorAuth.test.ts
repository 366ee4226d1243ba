import { AuthenticationError } from '@redwoodjs/graphql-server'

import { resetConfig } from 'src/lib/config'
import { db } from 'src/lib/db'
import { logger } from 'src/lib/logger'
import { redis } from 'src/lib/redis/client'
import { redisKeys } from 'src/lib/redis/keys'
import { loadSession } from 'src/lib/sessions/sessionStore'
import {
  continueReissuedSession,
  continueSession,
  lastCode,
  resetTwoFactorState,
  sentSms,
  signInAs,
} from 'src/lib/testing/twoFactorTestkit'

import {
  disableTwoFactorAuth,
  enableTwoFactorAuth,
  requestOtp,
  setPhoneNumber,
  twoFactorStatus,
  verifyOtp,
} from './twoFactorAuth'
import type { StandardScenario } from './twoFactorAuth.scenarios'

const codeOf = async (work: unknown) => {
  try {
    await work
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code
  }
  throw new Error('expected a refusal')
}

const wrongCode = (right: string) =>
  String((Number(right) + 1) % 1_000_000).padStart(6, '0')

/** Verifies `code` and follows the re-issued session, as the browser would. */
const verifyAndContinue = async (
  user: { id: number; email: string },
  code: string
) => {
  await verifyOtp({ otp: code })
  return continueReissuedSession(user)
}

// ioredis-mock keeps Lua atomic within one process; the same properties are
// checked against a real Redis in src/lib/twoFactor/twoFactor.redis.test.ts.
describe('twoFactorAuth service (Redis mocked by ioredis-mock)', () => {
  beforeEach(() => resetTwoFactorState())

  scenario(
    'requestOtp sends six CSPRNG digits to the stored number and stores only a keyed hash',
    async (scenario: StandardScenario) => {
      await signInAs(scenario.user.withPhone)
      const result = await requestOtp()
      expect(result).toMatchObject({ success: true, retryAfterSeconds: 60 })
      expect(sentSms).toHaveLength(1)
      expect(sentSms[0].to).toBe('+12015550123')
      const code = lastCode()
      expect(code).toMatch(/^\d{6}$/)

      const stored = await redis().hgetall(
        redisKeys.otp(scenario.user.withPhone.id)
      )
      expect(Object.values(stored).join(' ')).not.toContain(code)
      expect(stored.digest).toHaveLength(44) // base64 HMAC-SHA-256
      const ttl = await redis().pttl(redisKeys.otp(scenario.user.withPhone.id))
      expect(ttl).toBeGreaterThan(295_000)
      expect(ttl).toBeLessThanOrEqual(300_000)
    }
  )

  scenario(
    'verifyOtp succeeds exactly once per code and re-issues the session',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withPhone
      const before = await signInAs(user)
      await requestOtp()
      const code = lastCode()

      const result = await verifyOtp({ otp: code })
      expect(result.success).toBe(true)
      expect(await loadSession(user.id, before.sid)).toBeNull()
      expect(context.twoFactorResponseCookie).toMatch(
        /^session_2fa=[^;]+\|[^;]+;HttpOnly;Path=\/;SameSite=Strict/
      )

      const after = await continueReissuedSession(user)
      expect(after).toMatchObject({ aal: 2, amr: ['pwd', 'sms'] })
      expect(await codeOf(verifyOtp({ otp: code }))).toBe('OTP_EXPIRED')
    }
  )

  scenario(
    'a resend replaces the old code, which stops working',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withPhone
      await signInAs(user)
      await requestOtp()
      const first = lastCode()
      await redis().del(redisKeys.resendCooldown(user.id))
      await signInAs(user)
      await requestOtp()
      const second = lastCode()
      if (first !== second) {
        // Typing the replaced code says so, and counts like any miss.
        expect(await codeOf(verifyOtp({ otp: first }))).toBe('OTP_REPLACED')
      }
      await signInAs(user)
      expect((await verifyOtp({ otp: second })).success).toBe(true)
    }
  )

  scenario(
    'five wrong guesses kill the code, even the right one afterwards',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withPhone
      await signInAs(user)
      await requestOtp()
      const code = lastCode()
      const codes: string[] = []
      for (let i = 0; i < 5; i++) {
        await signInAs(user)
        codes.push(await codeOf(verifyOtp({ otp: wrongCode(code) })))
      }
      expect(codes).toEqual([
        'OTP_INVALID',
        'OTP_INVALID',
        'OTP_INVALID',
        'OTP_INVALID',
        'OTP_ATTEMPTS_EXCEEDED',
      ])
      await signInAs(user)
      expect(await codeOf(verifyOtp({ otp: code }))).toBe('OTP_EXPIRED')
    }
  )

  scenario(
    'malformed, empty and oversize codes are clean failures that count',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withPhone
      await signInAs(user)
      await requestOtp()
      for (const otp of [
        '',
        '12345',
        '1234567',
        '12a456',
        '１２３４５６',
        '٣٣٣٣٣٣',
        'x'.repeat(10_000),
      ]) {
        await signInAs(user)
        expect([
          'OTP_INVALID',
          'OTP_ATTEMPTS_EXCEEDED',
          'OTP_EXPIRED',
        ]).toContain(await codeOf(verifyOtp({ otp })))
      }
      expect(Number(await redis().get(redisKeys.failures(user.id)))).toBe(7)
    }
  )

  scenario(
    'ten failures across codes lock verification for 15 minutes; a resend does not reset the count',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withPhone
      const seen: string[] = []
      for (let round = 0; round < 2; round++) {
        await redis().del(redisKeys.resendCooldown(user.id))
        await signInAs(user)
        await requestOtp()
        const code = lastCode()
        for (let i = 0; i < 5; i++) {
          await signInAs(user)
          seen.push(await codeOf(verifyOtp({ otp: wrongCode(code) })))
        }
      }
      expect(seen.at(-1)).toBe('TWO_FACTOR_LOCKED')
      await redis().del(redisKeys.resendCooldown(user.id))
      await signInAs(user)
      // While locked no code is sent: none could be used.
      expect(await codeOf(requestOtp())).toBe('TWO_FACTOR_LOCKED')
      await signInAs(user)
      let error: { extensions?: { code?: string; retryAfterSeconds?: number } }
      try {
        await verifyOtp({ otp: lastCode() })
      } catch (e) {
        error = e
      }
      expect(error.extensions).toMatchObject({ code: 'TWO_FACTOR_LOCKED' })
      expect(error.extensions.retryAfterSeconds).toBeGreaterThan(890)
    }
  )

  scenario(
    'a success resets the account failure count',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withPhone
      await signInAs(user)
      await requestOtp()
      const code = lastCode()
      await signInAs(user)
      await codeOf(verifyOtp({ otp: wrongCode(code) }))
      expect(await redis().get(redisKeys.failures(user.id))).toBe('1')
      await signInAs(user)
      await verifyOtp({ otp: code })
      expect(await redis().exists(redisKeys.failures(user.id))).toBe(0)
    }
  )

  scenario(
    'a used code ends the resend cooldown, so signing in again gets a code at once',
    async (scenario: StandardScenario) => {
      const user = scenario.user.twoFactorOn
      await signInAs(user, { secondFactorPending: true })
      await requestOtp()
      await signInAs(user, { secondFactorPending: true })
      expect((await verifyOtp({ otp: lastCode() })).success).toBe(true)

      await signInAs(user, { secondFactorPending: true })
      expect(await requestOtp()).toMatchObject({ success: true })
      expect(sentSms).toHaveLength(2)
    }
  )

  scenario(
    'aliases cannot multiply guesses: one verifyOtp per request',
    async (scenario: StandardScenario) => {
      await signInAs(scenario.user.withPhone)
      await requestOtp()
      await codeOf(verifyOtp({ otp: '000000' }))
      expect(await codeOf(verifyOtp({ otp: '111111' }))).toBe(
        'TOO_MANY_OPERATIONS'
      )
    }
  )

  scenario(
    'resend cooldown is 60 s and at most 5 sends an hour',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withPhone
      await signInAs(user)
      await requestOtp()
      await signInAs(user)
      let error: { extensions?: { code?: string; retryAfterSeconds?: number } }
      try {
        await requestOtp()
      } catch (e) {
        error = e
      }
      expect(error.extensions.code).toBe('RATE_LIMITED')
      expect(error.extensions.retryAfterSeconds).toBeGreaterThan(55)
      for (let i = 0; i < 4; i++) {
        await redis().del(redisKeys.resendCooldown(user.id))
        await signInAs(user)
        await requestOtp()
      }
      await redis().del(redisKeys.resendCooldown(user.id))
      await signInAs(user)
      expect(await codeOf(requestOtp())).toBe('RATE_LIMITED')
      expect(sentSms).toHaveLength(5)
    }
  )

  scenario(
    'the global SMS budget refuses sends and leaves no code behind',
    async (scenario: StandardScenario) => {
      process.env.SMS_HOURLY_BUDGET = '1'
      try {
        await resetTwoFactorState()
        await signInAs(scenario.user.twoFactorOn, { secondFactorPending: true })
        await requestOtp()
        await signInAs(scenario.user.withPhone)
        expect(await codeOf(requestOtp())).toBe('SMS_BUDGET_EXCEEDED')
        expect(
          await redis().exists(redisKeys.otp(scenario.user.withPhone.id))
        ).toBe(0)
        expect(sentSms).toHaveLength(1)
      } finally {
        delete process.env.SMS_HOURLY_BUDGET
      }
    }
  )

  scenario(
    'numbers outside the country allow-list are refused',
    async (scenario: StandardScenario) => {
      await signInAs(scenario.user.withoutPhone)
      expect(
        await codeOf(setPhoneNumber({ phoneNumber: '+8613800138000' }))
      ).toBe('SMS_DESTINATION_NOT_ALLOWED')
      expect(sentSms).toHaveLength(0)
    }
  )

  scenario(
    'codes go only to numbers that can be mobiles: premium-rate, toll-free, shared-cost and landlines are refused',
    async (scenario: StandardScenario) => {
      process.env.SMS_ALLOWED_COUNTRIES = 'US,GB'
      try {
        resetConfig()
        await signInAs(scenario.user.withoutPhone)
        for (const number of [
          '+1 900 555 0123', // premium rate
          '+1 800 555 0123', // toll free
          '+44 845 464 0000', // shared cost
          '+44 20 7946 0000', // London landline
        ]) {
          expect(await codeOf(setPhoneNumber({ phoneNumber: number }))).toBe(
            'PHONE_NUMBER_NOT_MOBILE'
          )
        }
        expect(
          await setPhoneNumber({ phoneNumber: '+44 7400 123456' })
        ).toMatchObject({ success: true })
      } finally {
        delete process.env.SMS_ALLOWED_COUNTRIES
        resetConfig()
      }
    }
  )

  scenario(
    'setPhoneNumber normalises to E.164 and rejects bad input',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withoutPhone
      await signInAs(user)
      expect(await codeOf(setPhoneNumber({ phoneNumber: 'call me' }))).toBe(
        'BAD_USER_INPUT'
      )
      expect(
        await codeOf(setPhoneNumber({ phoneNumber: '+1 555 555 0123' }))
      ).toBe('BAD_USER_INPUT')
      await setPhoneNumber({ phoneNumber: '+1 (201) 555-0150' })
      expect(
        await db.secondFactor.findMany({
          where: { userId: user.id },
          select: { kind: true, phoneNumber: true, verifiedAt: true },
        })
      ).toEqual([
        { kind: 'SMS', phoneNumber: '+12015550150', verifiedAt: null },
      ])
      // Numbers are not unique: another account's number is accepted, and
      // the answer says nothing about that account.
      expect(
        await setPhoneNumber({ phoneNumber: '+1 201 555 0123' })
      ).toMatchObject({ success: true })
    }
  )

  scenario(
    'requestOtp without a phone number says so',
    async (scenario: StandardScenario) => {
      await signInAs(scenario.user.withoutPhone)
      expect(await codeOf(requestOtp())).toBe('PHONE_NUMBER_REQUIRED')
    }
  )

  scenario(
    'enable needs a verify in the last 10 minutes',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withPhone
      await signInAs(user)
      expect(await codeOf(enableTwoFactorAuth())).toBe(
        'FRESH_SECOND_FACTOR_REQUIRED'
      )
      const other = await signInAs(user)
      await requestOtp()
      await signInAs(user)
      await verifyOtp({ otp: lastCode() })
      const after = await continueReissuedSession(user)
      expect((await twoFactorStatus()).enabled).toBe(false)
      expect((await enableTwoFactorAuth()).success).toBe(true)
      expect((await twoFactorStatus()).enabled).toBe(true)
      expect(
        await db.secondFactor.count({
          where: { userId: user.id, verifiedAt: { not: null } },
        })
      ).toBe(1)
      // Sessions that never proved the second factor are signed out.
      expect(await loadSession(user.id, other.sid)).toBeNull()
      expect(await loadSession(user.id, after.sid)).not.toBeNull()
    }
  )

  scenario(
    'a fresh second factor lasts 10 minutes; enabling and disabling are audited',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withPhone
      await signInAs(user)
      await requestOtp()
      await signInAs(user)
      const { sid } = await verifyAndContinue(user, lastCode())
      // Move the proof back in time rather than the clock forward.
      const provedAgo = async (ms: number) => {
        const key = redisKeys.session(user.id, sid)
        await redis().hset(key, 'verifiedAt', Date.now() - ms)
        await continueSession(user, sid)
      }
      await provedAgo(601_000)
      expect(await codeOf(enableTwoFactorAuth())).toBe(
        'FRESH_SECOND_FACTOR_REQUIRED'
      )
      await provedAgo(590_000)
      const info = jest.spyOn(logger, 'info')
      try {
        const enabled = await enableTwoFactorAuth()
        expect(enabled.success).toBe(true)
        // Turning 2FA on comes with the first recovery codes, shown this once.
        expect(enabled.recoveryCodes).toHaveLength(10)
        expect((await enableTwoFactorAuth()).recoveryCodes).toBeNull()
        expect((await disableTwoFactorAuth()).success).toBe(true)
        // The owner hears of it at the number that was proven.
        expect(sentSms.at(-1)).toEqual({
          to: '+12015550123',
          text: expect.stringMatching(
            /^Redwood 2FA: two-factor authentication was turned off .* reset your password/
          ),
        })
        const audits = info.mock.calls.map(([fields]) => fields)
        const revoked = expect.objectContaining({
          audit: 'sessions.revoked',
          userId: user.id,
          reason: 'factors_changed',
        })
        expect(audits).toEqual([
          expect.objectContaining({
            audit: 'two_factor.enabled',
            userId: user.id,
            outcome: 'success',
          }),
          revoked,
          expect.objectContaining({
            audit: 'recovery_codes.generated',
            userId: user.id,
          }),
          expect.objectContaining({
            audit: 'two_factor.disabled',
            userId: user.id,
            outcome: 'success',
          }),
          revoked,
          expect.objectContaining({
            audit: 'owner.notified',
            userId: user.id,
            reason: 'two_factor_off',
          }),
        ])
      } finally {
        info.mockRestore()
      }
    }
  )

  scenario(
    'a code verified before a phone number change does not turn 2FA on for the new number',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withPhone
      await signInAs(user)
      await requestOtp()
      const oldNumberCode = lastCode()
      await signInAs(user)
      const { sid } = await verifyAndContinue(user, oldNumberCode)

      await setPhoneNumber({ phoneNumber: '+12015550177' })
      await continueSession(user, sid)
      expect(await codeOf(enableTwoFactorAuth())).toBe(
        'FRESH_SECOND_FACTOR_REQUIRED'
      )
      // A code sent to the old number died with the change.
      expect(await redis().exists(redisKeys.otp(user.id))).toBe(0)

      await redis().del(redisKeys.resendCooldown(user.id))
      await requestOtp()
      expect(sentSms.at(-1).to).toBe('+12015550177')
      await continueSession(user, sid)
      await verifyAndContinue(user, lastCode())
      expect((await enableTwoFactorAuth()).success).toBe(true)
    }
  )

  scenario(
    'sends are checked against the country allow-list at send time, not only when the number is saved',
    async (scenario: StandardScenario) => {
      process.env.SMS_ALLOWED_COUNTRIES = 'CA'
      try {
        resetConfig()
        await signInAs(scenario.user.twoFactorOn, {
          secondFactorPending: true,
        })
        expect(await codeOf(requestOtp())).toBe('SMS_DESTINATION_NOT_ALLOWED')
        expect(sentSms).toHaveLength(0)
        expect(
          await redis().exists(redisKeys.otp(scenario.user.twoFactorOn.id))
        ).toBe(0)
      } finally {
        delete process.env.SMS_ALLOWED_COUNTRIES
        resetConfig()
      }
    }
  )

  scenario(
    'one number gets at most OTP_MAX_SENDS_PER_NUMBER_PER_HOUR codes, whichever account asks',
    async (scenario: StandardScenario) => {
      process.env.OTP_MAX_SENDS_PER_NUMBER_PER_HOUR = '2'
      try {
        resetConfig()
        const first = scenario.user.withPhone
        const second = scenario.user.withoutPhone
        await signInAs(first)
        await requestOtp()
        await redis().del(redisKeys.resendCooldown(first.id))
        await signInAs(first)
        await requestOtp()
        // Another account saves the same number: the per-number count follows it.
        await signInAs(second)
        await setPhoneNumber({ phoneNumber: '+12015550123' })
        await signInAs(second)
        expect(await codeOf(requestOtp())).toBe('RATE_LIMITED')
        expect(sentSms).toHaveLength(2)
        expect(await redis().exists(redisKeys.otp(second.id))).toBe(0)
      } finally {
        delete process.env.OTP_MAX_SENDS_PER_NUMBER_PER_HOUR
        resetConfig()
      }
    }
  )

  scenario(
    'disable and phone change on a 2FA account need a fresh second factor',
    async (scenario: StandardScenario) => {
      const user = scenario.user.twoFactorOn
      await signInAs(user)
      expect(await codeOf(disableTwoFactorAuth())).toBe(
        'FRESH_SECOND_FACTOR_REQUIRED'
      )
      expect(
        await codeOf(setPhoneNumber({ phoneNumber: '+12015550177' }))
      ).toBe('FRESH_SECOND_FACTOR_REQUIRED')
      await requestOtp()
      await verifyOtp({ otp: lastCode() })
      await continueReissuedSession(user)
      const status = await twoFactorStatus()
      expect(new Date(status.freshUntil).getTime()).toBeGreaterThan(
        Date.now() + 590_000
      )
      expect((await disableTwoFactorAuth()).success).toBe(true)
    }
  )

  scenario(
    'twoFactorStatus shows a masked number and the pending state',
    async (scenario: StandardScenario) => {
      await signInAs(scenario.user.twoFactorOn, { secondFactorPending: true })
      expect(await twoFactorStatus()).toMatchObject({
        enabled: true,
        verified: false,
        phoneNumberHint: '+1******0199',
        resendAvailableInSeconds: 0,
        codeExpiresInSeconds: null,
        freshUntil: null,
      })
      const before = Date.now()
      await requestOtp()
      const status = await twoFactorStatus()
      expect(status.resendAvailableInSeconds).toBeGreaterThan(55)
      expect(status.codeExpiresInSeconds).toBeGreaterThan(295)
      expect(new Date(status.codeSentAt).getTime()).toBeGreaterThanOrEqual(
        before
      )
      expect(new Date(status.codeSentAt).getTime()).toBeLessThanOrEqual(
        Date.now()
      )
    }
  )

  scenario(
    'a revoked session cannot verify even with the right code',
    async (scenario: StandardScenario) => {
      const user = scenario.user.twoFactorOn
      const session = await signInAs(user, { secondFactorPending: true })
      await requestOtp()
      await redis().del(redisKeys.session(user.id, session.sid))
      await expect(verifyOtp({ otp: lastCode() })).rejects.toThrow(
        AuthenticationError
      )
    }
  )
})
