import { resetConfig } from 'src/lib/config'
import { redisKeys } from 'src/lib/redis/keys'
import { captureLogs } from 'src/lib/testing/logs'
import { codeOf } from 'src/lib/testing/realRedis'
import {
  codeIn,
  PLIVO,
  TWILIO,
  TWILIO_AUTH,
  twilioAnswers,
  twilioQueued,
  useRealProvidersForEachTest,
} from 'src/lib/testing/smsProviders'
import { signInAs } from 'src/lib/testing/twoFactorTestkit'
import { requestOtp, verifyOtp } from 'src/services/twoFactorAuth/twoFactorAuth'

import type { StandardScenario } from './twilioTransport.scenarios'

const TO = '+12015550123'
const digitsOf = (e164: string) => e164.replace(/\D/g, '')

const client = useRealProvidersForEachTest({
  SMS_PROVIDER: 'twilio',
  ...TWILIO,
  ...Object.fromEntries(Object.keys(PLIVO).map((name) => [name, undefined])),
  // Ample for a loaded CI machine to finish a normal send through the real
  // SDK (the slow-answer test sets its own).
  SMS_TIMEOUT_MS: '3000',
})

const auditLines = (lines: string[], event: string) =>
  lines.map((line) => JSON.parse(line)).filter((entry) => entry.audit === event)

describe('the Twilio transport through the real SDK', () => {
  scenario(
    'requestOtp makes exactly one Messages API call with Basic auth and To/From/Body, and audits twilio as the provider',
    async (scenario: StandardScenario) => {
      const user = scenario.user.twoFactorOn
      const { scope, seen } = twilioAnswers(201, twilioQueued(TO, 'queued'))
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
      expect(scope.isDone()).toBe(true)
      expect(seen).toHaveLength(1)
      expect(seen[0].authorization).toBe(TWILIO_AUTH)
      expect(seen[0].contentType).toBe('application/x-www-form-urlencoded')
      expect(seen[0].body).toEqual({
        To: TO,
        From: TWILIO.TWILIO_FROM,
        Body: expect.stringMatching(
          /^\d{6} is your Redwood 2FA code\. It expires in 5 minutes\./
        ),
      })
      expect(auditLines(logs.lines, 'otp.sent')).toEqual([
        expect.objectContaining({
          outcome: 'success',
          provider: 'twilio',
          phoneNumberHint: '+1******0123',
        }),
      ])
      expect(auditLines(logs.lines, 'otp.sent')[0]).not.toHaveProperty(
        'failedProviders'
      )

      // The code Twilio carried is the one that verifies.
      const code = codeIn(seen[0].body.Body)
      expect(code).toMatch(/^[0-9]{6}$/)
      await signInAs(user, { secondFactorPending: true })
      expect((await verifyOtp({ otp: code })).success).toBe(true)
    }
  )

  scenario(
    'a Twilio API error gives SMS_SEND_FAILED, leaves no usable code, still counts the send, and logs its reason without the number or the token',
    async (scenario: StandardScenario) => {
      const user = scenario.user.twoFactorOn
      const { scope, seen } = twilioAnswers(400, {
        code: 21211,
        message: `The 'To' number ${TO} is not a valid phone number.`,
        more_info: 'https://www.twilio.com/docs/errors/21211',
        status: 400,
      })
      await signInAs(user, { secondFactorPending: true })
      const logs = captureLogs()
      try {
        expect(await codeOf(requestOtp())).toBe('SMS_SEND_FAILED')
      } finally {
        logs.restore()
      }
      expect(scope.isDone()).toBe(true)
      const code = codeIn(seen[0].body.Body)

      expect(await client.exists(redisKeys.otp(user.id))).toBe(0)
      expect(
        await client.pttl(redisKeys.resendCooldown(user.id))
      ).toBeGreaterThan(55_000)
      expect(await client.get(redisKeys.hourlySends(user.id))).toBe('1')
      await signInAs(user, { secondFactorPending: true })
      expect(await codeOf(verifyOtp({ otp: code }))).toBe('OTP_EXPIRED')
      await signInAs(user, { secondFactorPending: true })
      expect(await codeOf(requestOtp())).toBe('RATE_LIMITED')

      const failure = logs.lines
        .map((line) => JSON.parse(line))
        .find((entry) => entry.msg === 'SMS delivery failed')
      expect(failure.reason).toBe(
        "twilio: Error (HTTP 400, Twilio code 21211): The 'To' number [number] is not a valid phone number."
      )
      expect(auditLines(logs.lines, 'otp.send_failed')).toEqual([
        expect.objectContaining({
          outcome: 'failure',
          failedProviders: ['twilio'],
        }),
      ])
      const log = logs.lines.join('')
      expect(log).not.toContain(digitsOf(TO))
      expect(log).not.toContain(code)
      expect(log).not.toContain(TWILIO.TWILIO_AUTH_TOKEN)
      expect(log).not.toContain(TWILIO_AUTH)
    }
  )

  scenario(
    'a Twilio answer slower than SMS_TIMEOUT_MS gives SMS_SEND_FAILED within the bound and no code',
    async (scenario: StandardScenario) => {
      process.env.SMS_TIMEOUT_MS = '1000'
      resetConfig()
      const user = scenario.user.twoFactorOn
      const { seen } = twilioAnswers(201, twilioQueued(TO, 'late'), {
        delayMs: 5_000,
      })
      await signInAs(user, { secondFactorPending: true })
      const started = Date.now()
      expect(await codeOf(requestOtp())).toBe('SMS_SEND_FAILED')
      const took = Date.now() - started
      expect(took).toBeGreaterThanOrEqual(950)
      expect(took).toBeLessThan(3_000)
      const code = codeIn(seen[0]?.body.Body)
      expect(code).toMatch(/^[0-9]{6}$/)

      expect(await client.exists(redisKeys.otp(user.id))).toBe(0)
      expect(await client.exists(redisKeys.resendCooldown(user.id))).toBe(1)
      expect(await client.get(redisKeys.hourlySends(user.id))).toBe('1')
      await signInAs(user, { secondFactorPending: true })
      expect(await codeOf(verifyOtp({ otp: code }))).toBe('OTP_EXPIRED')
    }
  )
})
