// Every service call below runs in its own request context, as in the api server.
jest.mock('@redwoodjs/context', () => jest.requireActual('@redwoodjs/context'))

import { db } from 'src/lib/db'
import { logger } from 'src/lib/logger'
import { redisKeys } from 'src/lib/redis/keys'
import type { SessionState } from 'src/lib/sessions/sessionStore'
import { createSession, loadSession } from 'src/lib/sessions/sessionStore'
import { codeOf } from 'src/lib/testing/realRedis'
import type { TestUser } from 'src/lib/testing/requests'
import {
  asRequest,
  outcome,
  pendingSession,
  tally,
} from 'src/lib/testing/requests'
import { useRealRedisForEachTest } from 'src/lib/testing/twoFactorTestkit'
import {
  generateRecoveryCodes,
  twoFactorStatus,
  verifyOtp,
  verifySecondFactor,
} from 'src/services/twoFactorAuth/twoFactorAuth'

import { MAX_RECOVERY_TRIES_PER_SESSION } from '../../verifier'

import type { StandardScenario } from './recoveryCodes.redis.scenarios'

const client = useRealRedisForEachTest()

const freshSession = async (user: TestUser) => {
  const session = await createSession(user.id, { secondFactorRequired: true })
  await client.hset(redisKeys.session(user.id, session.sid), {
    aal: 2,
    verifiedAt: Date.now(),
  })
  return loadSession(user.id, session.sid)
}

const newCodes = async (user: TestUser) =>
  (
    await asRequest(user, await freshSession(user), () =>
      generateRecoveryCodes()
    )
  ).codes

const signInWithRecoveryCode = async (
  user: TestUser,
  code: string,
  session?: SessionState
) =>
  asRequest(user, session ?? (await pendingSession(user)), () =>
    outcome(verifySecondFactor({ method: 'RECOVERY_CODE', code }))
  )

describe('recovery codes on a real Redis and database', () => {
  scenario(
    'ten codes, shown once and stored only as keyed hashes; they need 2FA on and a fresh factor',
    async (scenario: StandardScenario) => {
      const off = scenario.user.noTwoFactor
      expect(
        await asRequest(off, await freshSession(off), () =>
          codeOf(generateRecoveryCodes())
        )
      ).toBe('TWO_FACTOR_NOT_ENABLED')

      const user = scenario.user.withNumber
      const stale = await createSession(user.id, {
        secondFactorRequired: false,
      })
      expect(
        await asRequest(user, stale, () => codeOf(generateRecoveryCodes()))
      ).toBe('FRESH_SECOND_FACTOR_REQUIRED')

      const codes = await newCodes(user)
      expect(codes).toHaveLength(10)
      expect(new Set(codes).size).toBe(10)
      for (const code of codes) {
        expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/)
      }
      const stored = JSON.stringify(await db.recoveryCode.findMany())
      for (const code of codes) {
        expect(stored).not.toContain(code)
        expect(stored).not.toContain(code.replace('-', ''))
      }
      const status = await asRequest(user, stale, () => twoFactorStatus())
      expect(status).toMatchObject({
        recoveryCodesRemaining: 10,
        methods: ['SMS', 'RECOVERY_CODE'],
      })
    }
  )

  scenario(
    'each code works once: 15 parallel uses give exactly one success',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withNumber
      const [code] = await newCodes(user)
      const outcomes = await Promise.all(
        Array.from({ length: 15 }, () => signInWithRecoveryCode(user, code))
      )
      expect(tally(outcomes)).toEqual({ OK: 1, RECOVERY_CODE_INVALID: 14 })
      expect(await signInWithRecoveryCode(user, code)).toBe(
        'RECOVERY_CODE_INVALID'
      )
    }
  )

  scenario(
    'a new set replaces the whole old one',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withNumber
      const old = await newCodes(user)
      const current = await newCodes(user)
      expect(await signInWithRecoveryCode(user, old[0])).toBe(
        'RECOVERY_CODE_INVALID'
      )
      expect(await signInWithRecoveryCode(user, current[0])).toBe('OK')
      expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(
        10
      )
    }
  )

  scenario(
    'while someone locks text-message verification, the owner still gets in with a recovery code; it is audited with what is left',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withNumber
      const codes = await newCodes(user)
      for (let i = 0; i < 10; i++) {
        const session = await pendingSession(user)
        await asRequest(user, session, () =>
          outcome(verifyOtp({ otp: '000000' }))
        )
      }
      expect(await client.pttl(redisKeys.lock(user.id))).toBeGreaterThan(0)

      const info = jest.spyOn(logger, 'info')
      const session = await pendingSession(user)
      try {
        expect(
          await signInWithRecoveryCode(
            user,
            codes[3].toUpperCase().replace('-', ' '),
            session
          )
        ).toBe('OK')
        const audits = info.mock.calls
          .map(([fields]) => fields as { audit?: string })
          .filter((fields) => fields?.audit)
        expect(audits).toContainEqual(
          expect.objectContaining({
            audit: 'second_factor.verified',
            userId: user.id,
            method: 'recovery_code',
            recoveryCodesRemaining: 9,
          })
        )
      } finally {
        info.mockRestore()
      }
      // The session is through; the lock still holds for SMS and TOTP.
      expect(await loadSession(user.id, session.sid)).toBeNull()
      expect(await client.pttl(redisKeys.lock(user.id))).toBeGreaterThan(0)
      const status = await asRequest(user, await freshSession(user), () =>
        twoFactorStatus()
      )
      expect(status.recoveryCodesRemaining).toBe(9)
    }
  )

  scenario(
    "another account's code is refused",
    async (scenario: StandardScenario) => {
      const owner = scenario.user.withNumber
      const other = scenario.user.otherWithNumber
      const [code] = await newCodes(owner)
      await newCodes(other)
      expect(await signInWithRecoveryCode(other, code)).toBe(
        'RECOVERY_CODE_INVALID'
      )
      expect(await signInWithRecoveryCode(owner, code)).toBe('OK')
    }
  )

  scenario(
    'each session has its own small cap of wrong codes, apart from the account lock',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withNumber
      const codes = await newCodes(user)
      const session = await pendingSession(user)
      const seen: string[] = []
      for (let i = 0; i <= MAX_RECOVERY_TRIES_PER_SESSION; i++) {
        seen.push(await signInWithRecoveryCode(user, 'aaaaa-aaaaa', session))
      }
      expect(seen).toEqual([
        ...Array(MAX_RECOVERY_TRIES_PER_SESSION).fill('RECOVERY_CODE_INVALID'),
        'RECOVERY_CODE_ATTEMPTS_EXCEEDED',
      ])
      // Even the right code: this session is done guessing.
      expect(await signInWithRecoveryCode(user, codes[0], session)).toBe(
        'RECOVERY_CODE_ATTEMPTS_EXCEEDED'
      )
      // They do not lock the account's other methods, and a new sign-in may try.
      expect(await client.exists(redisKeys.lock(user.id))).toBe(0)
      expect(await signInWithRecoveryCode(user, codes[0])).toBe('OK')
    }
  )

  scenario(
    'an account without codes is told the method is not available',
    async (scenario: StandardScenario) => {
      const user = scenario.user.withNumber
      expect(await signInWithRecoveryCode(user, 'aaaaa-aaaaa')).toBe(
        'METHOD_NOT_AVAILABLE'
      )
    }
  )
})
