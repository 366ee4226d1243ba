import nock from 'nock'

import { resetConfig } from 'src/lib/config'
import { logger } from 'src/lib/logger'
import { redisKeys } from 'src/lib/redis/keys'
import { captureLogs } from 'src/lib/testing/logs'
import { codeOf } from 'src/lib/testing/realRedis'
import {
  codeIn,
  PLIVO,
  PLIVO_AUTH,
  plivoAnswers,
  useRealProvidersForEachTest,
} from 'src/lib/testing/smsProviders'
import { signInAs } from 'src/lib/testing/twoFactorTestkit'
import { requestOtp, verifyOtp } from 'src/services/twoFactorAuth/twoFactorAuth'

import type { StandardScenario } from './plivoTransport.scenarios'

import { useSmsTransport } from '.'

const AUTH_TOKEN = PLIVO.PLIVO_AUTH_TOKEN
const FROM = PLIVO.PLIVO_PHONE_NUMBER
const TO = '+12015550123'
const BASIC = PLIVO_AUTH

const client = useRealProvidersForEachTest({
  SMS_PROVIDER: 'plivo',
  ...PLIVO,
  // Ample for a loaded CI machine to finish a normal send through the real
  // SDK (the slow-answer test sets its own).
  SMS_TIMEOUT_MS: '3000',
})

describe('the Plivo transport through the real SDK', () => {
  scenario(
    'requestOtp makes exactly one Message API call with Basic auth and src/dst/text',
    async (scenario: StandardScenario) => {
      const user = scenario.user.twoFactorOn
      const { scope, seen } = plivoAnswers(202, {
        api_id: 'd1f0a8b2-0000-0000-0000-000000000000',
        message: 'message(s) queued',
        message_uuid: ['5b40a428-0000-0000-0000-000000000000'],
      })
      await signInAs(user, { secondFactorPending: true })
      expect(await requestOtp()).toMatchObject({
        success: true,
        retryAfterSeconds: 60,
      })
      expect(scope.isDone()).toBe(true)
      expect(seen).toHaveLength(1)
      expect(seen[0].authorization).toBe(BASIC)
      expect(seen[0].body).toEqual({
        src: FROM,
        dst: TO,
        text: expect.stringMatching(
          /^\d{6} is your Redwood 2FA code\. It expires in 5 minutes\./
        ),
      })
      const code = codeIn(seen[0].body.text)
      expect(code).toMatch(/^[0-9]{6}$/)

      // The code Plivo carried is the one that verifies.
      await signInAs(user, { secondFactorPending: true })
      expect((await verifyOtp({ otp: code })).success).toBe(true)
    }
  )

  scenario(
    'a Plivo error status gives SMS_SEND_FAILED, leaves no usable code, and still counts the send',
    async (scenario: StandardScenario) => {
      const user = scenario.user.twoFactorOn
      const { scope, seen } = plivoAnswers(400, {
        api_id: 'd1f0a8b2-0000-0000-0000-000000000000',
        error: 'invalid dst',
      })
      await signInAs(user, { secondFactorPending: true })
      expect(await codeOf(requestOtp())).toBe('SMS_SEND_FAILED')
      expect(scope.isDone()).toBe(true)
      const code = codeIn(seen[0].body.text)

      expect(await client.exists(redisKeys.otp(user.id))).toBe(0)
      expect(
        await client.pttl(redisKeys.resendCooldown(user.id))
      ).toBeGreaterThan(55_000)
      expect(await client.get(redisKeys.hourlySends(user.id))).toBe('1')
      await signInAs(user, { secondFactorPending: true })
      expect(await codeOf(verifyOtp({ otp: code }))).toBe('OTP_EXPIRED')
      await signInAs(user, { secondFactorPending: true })
      expect(await codeOf(requestOtp())).toBe('RATE_LIMITED')
    }
  )

  scenario(
    'a Plivo answer slower than SMS_TIMEOUT_MS gives SMS_SEND_FAILED within the bound and no code',
    async (scenario: StandardScenario) => {
      process.env.SMS_TIMEOUT_MS = '1000'
      resetConfig()
      const user = scenario.user.twoFactorOn
      const { seen } = plivoAnswers(
        202,
        { message_uuid: ['late'] },
        { delayMs: 5_000 }
      )
      await signInAs(user, { secondFactorPending: true })
      const started = Date.now()
      expect(await codeOf(requestOtp())).toBe('SMS_SEND_FAILED')
      const took = Date.now() - started
      expect(took).toBeGreaterThanOrEqual(950)
      expect(took).toBeLessThan(3_000)
      const code = codeIn(seen[0]?.body.text ?? '')
      expect(code).toMatch(/^[0-9]{6}$/)

      expect(await client.exists(redisKeys.otp(user.id))).toBe(0)
      expect(await client.exists(redisKeys.resendCooldown(user.id))).toBe(1)
      expect(await client.get(redisKeys.hourlySends(user.id))).toBe('1')
      await signInAs(user, { secondFactorPending: true })
      expect(await codeOf(verifyOtp({ otp: code }))).toBe('OTP_EXPIRED')
    }
  )
})

describe('no log line carries a code or a full phone number', () => {
  const digitsOf = (e164: string) => e164.replace(/\D/g, '')

  scenario(
    'a Plivo send, a failed send and a verify cycle',
    async (scenario: StandardScenario) => {
      const user = scenario.user.twoFactorOn
      const logs = captureLogs()
      const codes: string[] = []
      try {
        const failed = plivoAnswers(400, { error: `invalid dst ${TO}` })
        await signInAs(user, { secondFactorPending: true })
        expect(await codeOf(requestOtp())).toBe('SMS_SEND_FAILED')
        codes.push(codeIn(failed.seen[0].body.text))

        await client.del(redisKeys.resendCooldown(user.id))
        const sent = plivoAnswers(202, { message_uuid: ['5b40a428'] })
        await signInAs(user, { secondFactorPending: true })
        await requestOtp()
        const code = codeIn(sent.seen[0].body.text)
        codes.push(code)
        await signInAs(user, { secondFactorPending: true })
        expect(
          await codeOf(
            verifyOtp({ otp: code === '000000' ? '000001' : '000000' })
          )
        ).toBe('OTP_INVALID')
        await signInAs(user, { secondFactorPending: true })
        await verifyOtp({ otp: code })
      } finally {
        logs.restore()
      }
      const log = logs.lines.join('')
      expect(log).toContain('"audit":"otp.sent"')
      expect(log).toContain('"audit":"otp.send_failed"')
      expect(log).toContain('"audit":"second_factor.verified"')
      expect(log).toContain('+1******0123')
      for (const code of codes) {
        expect(logs.lines.filter((line) => line.includes(code))).toEqual([])
      }
      expect(logs.lines.filter((line) => line.includes(digitsOf(TO)))).toEqual(
        []
      )
      expect(logs.lines.filter((line) => line.includes(AUTH_TOKEN))).toEqual([])
    }
  )

  scenario(
    'the console transport logs the code only in its SMS line and never the full number',
    async (scenario: StandardScenario) => {
      process.env.SMS_PROVIDER = 'console'
      resetConfig()
      useSmsTransport(undefined)
      const user = scenario.user.twoFactorOn
      const logs = captureLogs()
      let code: string
      try {
        await signInAs(user, { secondFactorPending: true })
        await requestOtp()
        const smsLines = logs.lines.filter((line) =>
          line.includes('SMS (console transport)')
        )
        expect(smsLines).toHaveLength(1)
        code = codeIn(JSON.parse(smsLines[0]).msg)
        expect(JSON.parse(smsLines[0]).smsTo).toBe('+1******0123')
        await signInAs(user, { secondFactorPending: true })
        await verifyOtp({ otp: code })
      } finally {
        logs.restore()
      }
      expect(nock.pendingMocks()).toEqual([])
      const withCode = logs.lines.filter((line) => line.includes(code))
      expect(withCode).toHaveLength(1)
      expect(withCode[0]).toContain('SMS (console transport)')
      expect(logs.lines.filter((line) => line.includes(digitsOf(TO)))).toEqual(
        []
      )
      expect(logs.lines.join('')).toContain('"audit":"second_factor.verified"')
    }
  )

  it('the logger redacts phoneNumber, otp and code fields, nested ones too', () => {
    const logs = captureLogs()
    try {
      logger.info(
        {
          phoneNumber: TO,
          otp: '246810',
          code: '135790',
          user: { phoneNumber: TO, otp: '246810', code: '135790', sid: 'abc' },
        },
        'redaction check'
      )
    } finally {
      logs.restore()
    }
    expect(logs.lines).toHaveLength(1)
    const line = logs.lines[0]
    expect(line).not.toContain(digitsOf(TO))
    expect(line).not.toContain('246810')
    expect(line).not.toContain('135790')
    const parsed = JSON.parse(line)
    expect(parsed).toMatchObject({
      phoneNumber: '[redacted]',
      otp: '[redacted]',
      code: '[redacted]',
      user: {
        phoneNumber: '[redacted]',
        otp: '[redacted]',
        code: '[redacted]',
        sid: '[redacted]',
      },
    })
  })
})
