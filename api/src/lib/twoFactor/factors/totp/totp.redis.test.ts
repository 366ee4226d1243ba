// Every service call below runs in its own request context, as in the api server.
jest.mock('@redwoodjs/context', () => jest.requireActual('@redwoodjs/context'))

import crypto from 'node:crypto'

import { context } from '@redwoodjs/context'

import { resetConfig } from 'src/lib/config'
import { db } from 'src/lib/db'
import { redisKeys } from 'src/lib/redis/keys'
import { keyIdOf } from 'src/lib/secretBox'
import type { SessionState } from 'src/lib/sessions/sessionStore'
import { createSession, loadSession } from 'src/lib/sessions/sessionStore'
import { captureLogs } from 'src/lib/testing/logs'
import { codeOf } from 'src/lib/testing/realRedis'
import type { TestUser } from 'src/lib/testing/requests'
import {
  asRequest,
  outcome,
  pendingSession,
  sessionIdIn,
  tally,
} from 'src/lib/testing/requests'
import {
  lastCode,
  useRealRedisForEachTest,
} from 'src/lib/testing/twoFactorTestkit'
import {
  confirmTotpEnrollment,
  removeTotp,
  requestOtp,
  startTotpEnrollment,
  twoFactorStatus,
  verifyOtp,
  verifySecondFactor,
} from 'src/services/twoFactorAuth/twoFactorAuth'

import type { StandardScenario } from './totp.redis.scenarios'
import * as totpCode from './totpCode'
import { totpCodeAt } from './totpCode'

const client = useRealRedisForEachTest()

const nowSeconds = () => Math.floor(Date.now() / 1000)
const codeFor = (secret: string, offsetSteps = 0) =>
  totpCodeAt(secret, nowSeconds() + offsetSteps * 30)

/** A well-formed app code that is certainly not one of the accepted window's. */
const wrongTotp = (secret: string) => {
  const window = [-1, 0, 1].map((offset) => codeFor(secret, offset))
  let candidate = 0
  while (window.includes(String(candidate).padStart(6, '0'))) candidate++
  return String(candidate).padStart(6, '0')
}

/** A signed-in session that verified a second factor just now. */
const freshSession = async (user: TestUser) => {
  const session = await createSession(user.id, { secondFactorRequired: true })
  await client.hset(redisKeys.session(user.id, session.sid), {
    aal: 2,
    verifiedAt: Date.now(),
  })
  return loadSession(user.id, session.sid)
}

/** Adds an authenticator app through the api and returns its secret and session. */
const enrolApp = async (user: TestUser, session: SessionState) => {
  const enrollment = await asRequest(user, session, () => startTotpEnrollment())
  const cookie = await asRequest(user, session, async () => {
    await confirmTotpEnrollment({ code: codeFor(enrollment.secret) })
    return context.twoFactorResponseCookie as string
  })
  const after = await loadSession(user.id, sessionIdIn(cookie))
  return { secret: enrollment.secret, enrollment, session: after }
}

const signInWithApp = async (user: TestUser, code: string) => {
  const session = await pendingSession(user)
  return asRequest(user, session, () =>
    outcome(verifySecondFactor({ method: 'TOTP', code }))
  )
}

describe('authenticator apps (TOTP) on a real Redis and database', () => {
  scenario(
    'an app is added only after a correct code, and its secret is never stored or logged in clear',
    async (scenario: StandardScenario) => {
      const user = scenario.user.noTwoFactor
      const session = await createSession(user.id, {
        secondFactorRequired: false,
      })
      const logs = captureLogs()
      let secret: string
      try {
        const enrollment = await asRequest(user, session, () =>
          startTotpEnrollment()
        )
        secret = enrollment.secret
        expect(secret).toMatch(/^[A-Z2-7]{32}$/)
        expect(enrollment.otpauthUri).toBe(
          `otpauth://totp/Redwood%202FA:${encodeURIComponent(user.email)}?secret=${secret}&issuer=Redwood%202FA`
        )
        expect(enrollment.qrCodeSvg).toMatch(/^<svg[^>]*>.*<\/svg>\s*$/s)
        expect(
          await db.secondFactor.count({ where: { userId: user.id } })
        ).toBe(0)

        expect(
          await asRequest(user, session, () =>
            codeOf(confirmTotpEnrollment({ code: wrongTotp(secret) }))
          )
        ).toBe('OTP_INVALID')
        expect(await client.get(redisKeys.failures(user.id))).toBe('1')
        expect(
          await db.secondFactor.count({ where: { userId: user.id } })
        ).toBe(0)

        const cookie = await asRequest(user, session, async () => {
          const confirmed = await confirmTotpEnrollment({
            code: codeFor(secret),
          })
          // The first factor comes with the first recovery codes.
          expect(confirmed.recoveryCodes).toHaveLength(10)
          return context.twoFactorResponseCookie as string
        })
        const upgraded = await loadSession(user.id, sessionIdIn(cookie))
        expect(upgraded).toMatchObject({ aal: 2, amr: ['pwd', 'totp'] })
        expect(await loadSession(user.id, session.sid)).toBeNull()
        expect(
          await asRequest(user, upgraded, () => twoFactorStatus())
        ).toMatchObject({ enabled: true, methods: ['TOTP', 'RECOVERY_CODE'] })
      } finally {
        logs.restore()
      }

      const row = await db.secondFactor.findFirstOrThrow({
        where: { userId: user.id, kind: 'TOTP' },
      })
      expect(row.verifiedAt).toBeInstanceOf(Date)
      expect(row.secretKeyId).toMatch(/^[0-9a-f]{12}$/)
      expect(row.lastUsedStep).toBe(Math.floor(nowSeconds() / 30))
      // Nowhere in clear: every table, every Redis key, every log line.
      const tables = JSON.stringify([
        await db.user.findMany(),
        await db.secondFactor.findMany(),
        await db.recoveryCode.findMany(),
      ])
      expect(tables).not.toContain(secret)
      for (const key of await client.keys('*')) {
        const type = await client.type(key)
        const value =
          type === 'hash'
            ? JSON.stringify(await client.hgetall(key))
            : type === 'string'
              ? await client.get(key)
              : ''
        expect(`${key} ${value}`).not.toContain(secret)
      }
      expect(logs.lines.join('')).not.toContain(secret)
      expect(logs.lines.join('')).toContain('"audit":"totp.added"')
    }
  )

  scenario(
    'an enrollment not confirmed in time is gone',
    async (scenario: StandardScenario) => {
      const user = scenario.user.noTwoFactor
      const session = await createSession(user.id, {
        secondFactorRequired: false,
      })
      const { secret } = await asRequest(user, session, () =>
        startTotpEnrollment()
      )
      const ttl = await client.pttl(redisKeys.totpEnrollment(user.id))
      expect(ttl).toBeGreaterThan(595_000)
      expect(ttl).toBeLessThanOrEqual(600_000)
      await client.del(redisKeys.totpEnrollment(user.id))
      expect(
        await asRequest(user, session, () =>
          codeOf(confirmTotpEnrollment({ code: codeFor(secret) }))
        )
      ).toBe('TOTP_ENROLLMENT_EXPIRED')
    }
  )

  scenario(
    'with 2FA on, starting and confirming an app both need a fresh second factor',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withNumber
      const stale = await createSession(user.id, {
        secondFactorRequired: false,
      })
      expect(
        await asRequest(user, stale, () => codeOf(startTotpEnrollment()))
      ).toBe('FRESH_SECOND_FACTOR_REQUIRED')
      const fresh = await freshSession(user)
      const { secret } = await asRequest(user, fresh, () =>
        startTotpEnrollment()
      )
      expect(
        await asRequest(user, stale, () =>
          codeOf(confirmTotpEnrollment({ code: codeFor(secret) }))
        )
      ).toBe('FRESH_SECOND_FACTOR_REQUIRED')
      const cookie = await asRequest(user, fresh, async () => {
        await confirmTotpEnrollment({ code: codeFor(secret) })
        return context.twoFactorResponseCookie as string
      })
      const after = await loadSession(user.id, sessionIdIn(cookie))
      const methods = await asRequest(user, after, async () => {
        const status = await twoFactorStatus()
        return status.methods
      })
      expect(methods).toEqual(['SMS', 'TOTP'])
    }
  )

  scenario(
    'a code is accepted once, and no earlier step after it (RFC 6238 section 5.2)',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withNumber
      // Enrolment accepted the current step.
      const { secret } = await enrolApp(user, await freshSession(user))
      expect(await signInWithApp(user, codeFor(secret))).toBe('OTP_INVALID')
      expect(await signInWithApp(user, codeFor(secret, -1))).toBe('OTP_INVALID')
      // The next step (a phone clock a little ahead) is new: accepted once.
      expect(await signInWithApp(user, codeFor(secret, 1))).toBe('OK')
      expect(await signInWithApp(user, codeFor(secret, 1))).toBe('OTP_INVALID')
      expect(await signInWithApp(user, codeFor(secret))).toBe('OTP_INVALID')
    }
  )

  scenario(
    '15 parallel sign-ins with one app code give exactly one success',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withNumber
      const { secret } = await enrolApp(user, await freshSession(user))
      const code = codeFor(secret, 1)
      const outcomes = await Promise.all(
        Array.from({ length: 15 }, () => signInWithApp(user, code))
      )
      const { OK, ...refused } = tally(outcomes)
      expect(OK).toBe(1)
      // The others are replays (refused by the step) or met the lock that
      // the tenth attempt set before it was compared.
      expect(Object.keys(refused).sort()).toEqual(
        ['OTP_INVALID', 'TWO_FACTOR_LOCKED'].filter((code) => refused[code])
      )
    }
  )

  scenario(
    '50 parallel wrong app codes: at most 10 are compared, and the account locks',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withNumber
      const { secret } = await enrolApp(user, await freshSession(user))
      const compare = jest.spyOn(totpCode, 'matchTotpStep')
      try {
        const outcomes = await Promise.all(
          Array.from({ length: 50 }, () =>
            signInWithApp(user, wrongTotp(secret))
          )
        )
        // Counted before compared: the burst cannot buy more comparisons.
        const compared = compare.mock.calls.length
        expect(compared).toBeLessThanOrEqual(10)
        // The compared attempt that reached the cap reports the new lock.
        expect(tally(outcomes)).toEqual({
          OTP_INVALID: compared - 1,
          TWO_FACTOR_LOCKED: 50 - compared + 1,
        })
      } finally {
        compare.mockRestore()
      }
      expect(await client.pttl(redisKeys.lock(user.id))).toBeGreaterThan(
        890_000
      )
      // Locked means locked: the right code is refused too.
      expect(await signInWithApp(user, codeFor(secret, 1))).toBe(
        'TWO_FACTOR_LOCKED'
      )
    }
  )

  scenario(
    'app and text-message failures share one account counter and lock',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withNumber
      const { secret } = await enrolApp(user, await freshSession(user))
      const seen: string[] = []
      for (let i = 0; i < 5; i++) {
        seen.push(await signInWithApp(user, wrongTotp(secret)))
        const session = await pendingSession(user)
        seen.push(
          await asRequest(user, session, () =>
            outcome(verifyOtp({ otp: '000000' }))
          )
        )
      }
      expect(seen.at(-1)).toBe('TWO_FACTOR_LOCKED')
      expect(tally(seen)).toEqual({
        OTP_INVALID: 5,
        OTP_EXPIRED: 4,
        TWO_FACTOR_LOCKED: 1,
      })
      expect(await signInWithApp(user, codeFor(secret, 1))).toBe(
        'TWO_FACTOR_LOCKED'
      )
    }
  )

  scenario(
    'a secret sealed under a previous key still works and is sealed again under the current key',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withNumber
      const oldKey = crypto.randomBytes(32).toString('base64')
      const newKey = crypto.randomBytes(32).toString('base64')
      const env = process.env
      try {
        process.env = { ...env, TWO_FACTOR_ENCRYPTION_KEY: oldKey }
        resetConfig()
        const { secret } = await enrolApp(user, await freshSession(user))
        const sealedBefore = await db.secondFactor.findFirstOrThrow({
          where: { userId: user.id, kind: 'TOTP' },
        })
        expect(sealedBefore.secretKeyId).toBe(
          keyIdOf(Buffer.from(oldKey, 'base64'))
        )

        process.env = {
          ...env,
          TWO_FACTOR_ENCRYPTION_KEY: newKey,
          TWO_FACTOR_PREVIOUS_ENCRYPTION_KEYS: oldKey,
        }
        resetConfig()
        expect(await signInWithApp(user, codeFor(secret, 1))).toBe('OK')
        const sealedAfter = await db.secondFactor.findFirstOrThrow({
          where: { userId: user.id, kind: 'TOTP' },
        })
        expect(sealedAfter.secretKeyId).toBe(
          keyIdOf(Buffer.from(newKey, 'base64'))
        )
        expect(sealedAfter.secret).not.toBe(sealedBefore.secret)

        // Once re-sealed, the old key is no longer needed.
        process.env = { ...env, TWO_FACTOR_ENCRYPTION_KEY: newKey }
        resetConfig()
        await client.del(redisKeys.failures(user.id))
        const later = await signInWithApp(user, codeFor(secret, 1))
        expect(later).toBe('OTP_INVALID') // step already used: it opened and compared
      } finally {
        process.env = env
        resetConfig()
      }
    }
  )

  scenario(
    'removing the app needs a fresh factor, and 2FA stays on while the number remains',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withNumber
      const { session } = await enrolApp(user, await freshSession(user))
      const stale = await createSession(user.id, {
        secondFactorRequired: false,
      })
      expect(await asRequest(user, stale, () => codeOf(removeTotp()))).toBe(
        'FRESH_SECOND_FACTOR_REQUIRED'
      )
      expect(await asRequest(user, session, () => outcome(removeTotp()))).toBe(
        'OK'
      )
      expect(
        await asRequest(user, session, () => twoFactorStatus())
      ).toMatchObject({ enabled: true, methods: ['SMS'] })
      // The app's codes are refused for good: the method is gone.
      expect(await signInWithApp(user, '123456')).toBe('METHOD_NOT_AVAILABLE')
      // And the text message still signs in.
      const pending = await pendingSession(user)
      await asRequest(user, pending, () => requestOtp())
      expect(
        await asRequest(user, pending, () =>
          outcome(verifyOtp({ otp: lastCode() }))
        )
      ).toBe('OK')
    }
  )
})
