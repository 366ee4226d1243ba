import nock from 'nock'

import { resetConfig } from 'src/lib/config'
import { redisKeys } from 'src/lib/redis/keys'
import { captureLogs } from 'src/lib/testing/logs'
import { codeOf } from 'src/lib/testing/realRedis'
import {
  codeIn,
  PLIVO,
  PLIVO_AUTH,
  PLIVO_QUEUED,
  plivoAnswers,
  TWILIO,
  TWILIO_AUTH,
  twilioAnswers,
  twilioQueued,
  useRealProvidersForEachTest,
} from 'src/lib/testing/smsProviders'
import { signInAs } from 'src/lib/testing/twoFactorTestkit'
import { requestOtp, verifyOtp } from 'src/services/twoFactorAuth/twoFactorAuth'

import type { StandardScenario } from './smsFailover.scenarios'

const TO = '+12015550123'
const digitsOf = (e164: string) => e164.replace(/\D/g, '')

const client = useRealProvidersForEachTest({
  SMS_PROVIDER: 'plivo,twilio',
  ...PLIVO,
  ...TWILIO,
  // Each provider's attempt: ample for a loaded CI machine to finish a
  // normal send through the real SDK (the timeout test sets its own).
  SMS_TIMEOUT_MS: '3000',
})

/** Every app-wide SMS counter, by key, as Redis holds it. */
const smsCounters = async () => {
  const keys = (await client.keys('2fa:{sms}:*')).sort()
  const values = keys.length > 0 ? await client.mget(keys) : []
  return Object.fromEntries(
    keys.map((key, i) => [
      key
        .replace(/dest:.*/, 'dest:<number>')
        .replace(/addr:.*/, 'addr:<address>'),
      values[i],
    ])
  )
}

/** One send, counted once: the account's, the number's and the budget's. */
const expectCountedOnce = async (userId: number) => {
  expect(await client.get(redisKeys.hourlySends(userId))).toBe('1')
  expect(await smsCounters()).toEqual({
    [redisKeys.globalSmsBudget()]: '1',
    '2fa:{sms}:dest:<number>': '1',
  })
}

const entries = (lines: string[]) => lines.map((line) => JSON.parse(line))
const auditOf = (lines: string[], event: string) =>
  entries(lines).filter((entry) => entry.audit === event)

const PLIVO_DOWN = { api_id: 'd1f0a8b2', error: 'internal server error' }
const TWILIO_DOWN = {
  code: 20500,
  message: 'Internal Server Error',
  more_info: 'https://www.twilio.com/docs/errors/20500',
  status: 500,
}

describe('SMS_PROVIDER=plivo,twilio: the second provider sends when the first fails', () => {
  scenario(
    'Plivo answers 500: Twilio delivers the same text, the send is counted once, and the audit trail names both',
    async (scenario: StandardScenario) => {
      const user = scenario.user.twoFactorOn
      const plivo = plivoAnswers(500, PLIVO_DOWN)
      const twilio = twilioAnswers(201, twilioQueued(TO, 'queued'))
      await signInAs(user, { secondFactorPending: true })
      const logs = captureLogs()
      try {
        expect(await requestOtp()).toMatchObject({
          success: true,
          retryAfterSeconds: 60,
        })
      } finally {
        logs.restore()
      }
      expect(plivo.scope.isDone()).toBe(true)
      expect(twilio.scope.isDone()).toBe(true)
      expect(plivo.seen).toHaveLength(1)
      expect(twilio.seen).toHaveLength(1)
      expect(plivo.seen[0].authorization).toBe(PLIVO_AUTH)
      expect(twilio.seen[0].authorization).toBe(TWILIO_AUTH)
      expect(twilio.seen[0].body).toMatchObject({
        To: TO,
        From: TWILIO.TWILIO_FROM,
      })
      expect(twilio.seen[0].body.Body).toBe(plivo.seen[0].body.text)

      await expectCountedOnce(user.id)
      expect(auditOf(logs.lines, 'otp.sent')).toEqual([
        expect.objectContaining({
          userId: user.id,
          outcome: 'success',
          provider: 'twilio',
          failedProviders: ['plivo'],
          phoneNumberHint: '+1******0123',
        }),
      ])
      expect(auditOf(logs.lines, 'otp.send_failed')).toEqual([])
      expect(
        entries(logs.lines).filter(
          (entry) => entry.msg === 'SMS provider failed; trying the next'
        )
      ).toEqual([
        expect.objectContaining({
          level: 40,
          provider: 'plivo',
          reason: 'Error: internal server error',
        }),
      ])
      const log = logs.lines.join('')
      const code = codeIn(twilio.seen[0].body.Body)
      expect(code).toMatch(/^[0-9]{6}$/)
      expect(log).not.toContain(code)
      expect(log).not.toContain(digitsOf(TO))
      expect(log).not.toContain(PLIVO.PLIVO_AUTH_TOKEN)
      expect(log).not.toContain(TWILIO.TWILIO_AUTH_TOKEN)

      // The code Twilio carried verifies, once.
      await signInAs(user, { secondFactorPending: true })
      expect((await verifyOtp({ otp: code })).success).toBe(true)
    }
  )

  scenario(
    'in the other order, Twilio answering 500 leaves the send to Plivo',
    async (scenario: StandardScenario) => {
      process.env.SMS_PROVIDER = 'twilio,plivo'
      resetConfig()
      const user = scenario.user.twoFactorOn
      const twilio = twilioAnswers(500, TWILIO_DOWN)
      const plivo = plivoAnswers(202, PLIVO_QUEUED)
      await signInAs(user, { secondFactorPending: true })
      const logs = captureLogs()
      try {
        expect((await requestOtp()).success).toBe(true)
      } finally {
        logs.restore()
      }
      expect(twilio.seen).toHaveLength(1)
      expect(plivo.seen).toHaveLength(1)
      await expectCountedOnce(user.id)
      expect(auditOf(logs.lines, 'otp.sent')).toEqual([
        expect.objectContaining({
          provider: 'plivo',
          failedProviders: ['twilio'],
        }),
      ])
      await signInAs(user, { secondFactorPending: true })
      const code = codeIn(plivo.seen[0].body.text)
      expect((await verifyOtp({ otp: code })).success).toBe(true)
    }
  )

  scenario(
    'a text to a number not yet proven: the enrolment share and the address are counted once too',
    async (scenario: StandardScenario) => {
      const user = scenario.user.enrolling
      const plivo = plivoAnswers(500, PLIVO_DOWN)
      const twilio = twilioAnswers(201, twilioQueued('+12015550124', 'queued'))
      await signInAs(user)
      expect((await requestOtp()).success).toBe(true)
      expect(plivo.seen).toHaveLength(1)
      expect(twilio.seen[0].body.To).toBe('+12015550124')
      expect(await client.get(redisKeys.hourlySends(user.id))).toBe('1')
      expect(await smsCounters()).toEqual({
        [redisKeys.globalSmsBudget()]: '1',
        [redisKeys.enrollmentSmsBudget()]: '1',
        '2fa:{sms}:dest:<number>': '1',
        '2fa:{sms}:enrollment:addr:<address>': '1',
      })
    }
  )

  scenario(
    'Plivo hanging past SMS_TIMEOUT_MS: Twilio delivers within two attempts’ time, counted once',
    async (scenario: StandardScenario) => {
      process.env.SMS_TIMEOUT_MS = '1500'
      resetConfig()
      const user = scenario.user.twoFactorOn
      const plivo = plivoAnswers(202, PLIVO_QUEUED, { delayMs: 10_000 })
      const twilio = twilioAnswers(201, twilioQueued(TO, 'queued'))
      await signInAs(user, { secondFactorPending: true })
      const logs = captureLogs()
      const started = Date.now()
      try {
        expect((await requestOtp()).success).toBe(true)
      } finally {
        logs.restore()
      }
      const took = Date.now() - started
      // Plivo's whole bound, then Twilio's answer well within its own.
      expect(took).toBeGreaterThanOrEqual(1_450)
      expect(took).toBeLessThan(4_500)
      expect(twilio.seen).toHaveLength(1)
      // Were Plivo's text to arrive late, it carries the same code.
      expect(plivo.seen[0]?.body.text).toBe(twilio.seen[0].body.Body)

      await expectCountedOnce(user.id)
      expect(auditOf(logs.lines, 'otp.sent')).toEqual([
        expect.objectContaining({
          provider: 'twilio',
          failedProviders: ['plivo'],
        }),
      ])
      expect(
        entries(logs.lines).find(
          (entry) => entry.msg === 'SMS provider failed; trying the next'
        )
      ).toMatchObject({ provider: 'plivo', reason: 'timed out after 1500 ms' })
      await signInAs(user, { secondFactorPending: true })
      const code = codeIn(twilio.seen[0].body.Body)
      expect((await verifyOtp({ otp: code })).success).toBe(true)
    }
  )

  scenario(
    'both failing: SMS_SEND_FAILED, no usable code, and the send counted once and kept, as with one failing provider',
    async (scenario: StandardScenario) => {
      const user = scenario.user.twoFactorOn
      const plivo = plivoAnswers(500, PLIVO_DOWN)
      const twilio = twilioAnswers(500, TWILIO_DOWN)
      await signInAs(user, { secondFactorPending: true })
      const logs = captureLogs()
      try {
        expect(await codeOf(requestOtp())).toBe('SMS_SEND_FAILED')
      } finally {
        logs.restore()
      }
      expect(plivo.seen).toHaveLength(1)
      expect(twilio.seen).toHaveLength(1)
      const code = codeIn(twilio.seen[0].body.Body)

      expect(await client.exists(redisKeys.otp(user.id))).toBe(0)
      expect(
        await client.pttl(redisKeys.resendCooldown(user.id))
      ).toBeGreaterThan(55_000)
      await expectCountedOnce(user.id)
      expect(auditOf(logs.lines, 'otp.sent')).toEqual([])
      expect(auditOf(logs.lines, 'otp.send_failed')).toEqual([
        expect.objectContaining({
          outcome: 'failure',
          failedProviders: ['plivo', 'twilio'],
        }),
      ])
      expect(
        entries(logs.lines).find((entry) => entry.msg === 'SMS delivery failed')
      ).toMatchObject({
        reason:
          'plivo: Error: internal server error; twilio: Error (HTTP 500, Twilio code 20500): Internal Server Error',
      })

      await signInAs(user, { secondFactorPending: true })
      expect(await codeOf(verifyOtp({ otp: code }))).toBe('OTP_EXPIRED')
      // The cooldown the failed send started holds: no provider is asked.
      await signInAs(user, { secondFactorPending: true })
      expect(await codeOf(requestOtp())).toBe('RATE_LIMITED')
      expect(nock.pendingMocks()).toEqual([])
      await expectCountedOnce(user.id)
    }
  )
})
