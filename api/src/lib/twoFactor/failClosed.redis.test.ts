import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import type { CurrentUser } from 'src/lib/auth'
import { getCurrentUser, requireAuth } from 'src/lib/auth'
import { resetConfig } from 'src/lib/config'
import { redis, useRedisClient } from 'src/lib/redis/client'
import type { SessionState } from 'src/lib/sessions/sessionStore'
import { createSession } from 'src/lib/sessions/sessionStore'
import { useSmsTransport } from 'src/lib/sms'
import { codeOf } from 'src/lib/testing/realRedis'
import { freePort, ownRedisServer, waitFor } from 'src/lib/testing/redisServer'
import { lastCode, sentSms } from 'src/lib/testing/twoFactorTestkit'
import {
  requestOtp,
  twoFactorStatus,
  verifyOtp,
} from 'src/services/twoFactorAuth/twoFactorAuth'

import { sendSmsCode, smsFactor } from './factors/sms/smsFactor'
import type { StandardScenario } from './failClosed.redis.scenarios'
import { verifyFactor } from './verifier'

jest.setTimeout(60_000)

/** Builds the app's own Redis client (src/lib/redis.ts) for REDIS_URL. */
const useAppRedis = (url: string) => {
  process.env.REDIS_URL = url
  resetConfig()
  useRedisClient(undefined)
  return redis()
}

/** Resolves the dbAuth session as the graphql function would, and uses it. */
const resolveCurrentUser = async (cookie: {
  id: number
  email: string
  sid: string
}) => {
  const user = await getCurrentUser(cookie as never)
  mockCurrentUser(user)
  return user as CurrentUser
}

/** How long a refusal took, and its code. */
const timed = async (work: Promise<unknown>) => {
  const started = Date.now()
  const code = await codeOf(work)
  return { code, ms: Date.now() - started }
}

const savedRedisUrl = process.env.REDIS_URL
let dataDir: string
let server: ReturnType<typeof ownRedisServer>
let port: number

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redis-fail-closed-'))
  port = await freePort()
  server = ownRedisServer(port, dataDir)
})

beforeEach(() => {
  sentSms.length = 0
  useSmsTransport(async (message) => {
    sentSms.push(message)
  })
})

afterEach(() => {
  const client = redis()
  useRedisClient(undefined)
  client.disconnect()
})

afterAll(async () => {
  await server?.stop()
  fs.rmSync(dataDir, { recursive: true, force: true })
  if (savedRedisUrl === undefined) delete process.env.REDIS_URL
  else process.env.REDIS_URL = savedRedisUrl
  resetConfig()
  useSmsTransport(undefined)
})

describe('fail closed when Redis is unreachable', () => {
  scenario(
    'with nothing listening: nothing is sent, nothing verifies, the session stays pending',
    async (scenario: StandardScenario) => {
      const user = scenario.user.twoFactorOn
      const closedPort = await freePort()
      useAppRedis(`redis://127.0.0.1:${closedPort}/0`)

      const send = await timed(
        sendSmsCode(user.id, {
          factorId: 1,
          phoneNumber: '+12015550199',
          proven: true,
        })
      )
      expect(send.code).toBe('SERVICE_UNAVAILABLE')
      expect(send.ms).toBeLessThan(3_000)
      expect(sentSms).toHaveLength(0)

      const session: SessionState = {
        sid: 'A'.repeat(32),
        aal: 1,
        amr: ['pwd'],
        requiredAal: 2,
        secondFactorPending: true,
        verifiedAt: 0,
        proof: '',
        createdAt: Date.now(),
      }
      const verify = await timed(
        verifyFactor(smsFactor, user.id, session, '123456')
      )
      expect(verify.code).toBe('SERVICE_UNAVAILABLE')
      expect(verify.ms).toBeLessThan(3_000)

      const current = await resolveCurrentUser({
        id: user.id,
        email: user.email,
        sid: session.sid,
      })
      expect(current).toEqual({
        id: user.id,
        email: user.email,
        secondFactorPending: true,
      })
      expect(() => requireAuth()).toThrow(
        expect.objectContaining({
          extensions: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE' }),
        })
      )
      expect(await codeOf(requestOtp())).toBe('SERVICE_UNAVAILABLE')
      expect(await codeOf(verifyOtp({ otp: '123456' }))).toBe(
        'SERVICE_UNAVAILABLE'
      )
      expect(await codeOf(twoFactorStatus())).toBe('SERVICE_UNAVAILABLE')
      expect(sentSms).toHaveLength(0)
    }
  )

  scenario(
    'the same client fails closed while Redis is down and recovers by itself when it restarts',
    async (scenario: StandardScenario) => {
      const user = scenario.user.twoFactorOn
      await server.start()
      const client = useAppRedis(`redis://127.0.0.1:${port}/0`)
      const pending = await createSession(user.id, {
        secondFactorRequired: true,
      })
      const full = await createSession(user.id, { secondFactorRequired: false })
      const pendingCookie = { id: user.id, email: user.email, sid: pending.sid }
      const fullCookie = { id: user.id, email: user.email, sid: full.sid }

      expect(await resolveCurrentUser(fullCookie)).toMatchObject({
        secondFactorPending: false,
      })
      expect(() => requireAuth()).not.toThrow()

      await server.stop()

      // Down: a verified session loses full access too, and nothing goes out.
      expect(await resolveCurrentUser(fullCookie)).toEqual({
        id: user.id,
        email: user.email,
        secondFactorPending: true,
      })
      expect(() => requireAuth()).toThrow(
        expect.objectContaining({
          extensions: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE' }),
        })
      )
      expect(await resolveCurrentUser(pendingCookie)).toMatchObject({
        secondFactorPending: true,
      })
      expect(() => requireAuth()).toThrow()
      expect(await codeOf(requestOtp())).toBe('SERVICE_UNAVAILABLE')
      expect(await codeOf(verifyOtp({ otp: '123456' }))).toBe(
        'SERVICE_UNAVAILABLE'
      )

      const send = await timed(
        sendSmsCode(user.id, {
          factorId: 1,
          phoneNumber: '+12015550199',
          proven: true,
        })
      )
      expect(send).toMatchObject({ code: 'SERVICE_UNAVAILABLE' })
      expect(send.ms).toBeLessThan(3_000)
      const verify = await timed(
        verifyFactor(smsFactor, user.id, pending, '123456')
      )
      expect(verify).toMatchObject({ code: 'SERVICE_UNAVAILABLE' })
      expect(verify.ms).toBeLessThan(3_000)
      expect(sentSms).toHaveLength(0)

      await server.start()

      // Back: the same client reconnects on its own; the sessions survived.
      await waitFor(
        'the app client to reconnect',
        async () => client.status === 'ready',
        10_000
      )
      expect(redis()).toBe(client)
      expect(await resolveCurrentUser(fullCookie)).toMatchObject({
        secondFactorPending: false,
      })
      expect(() => requireAuth()).not.toThrow()

      const current = await resolveCurrentUser(pendingCookie)
      expect(current).toMatchObject({ secondFactorPending: true })
      expect(() => requireAuth()).toThrow(
        expect.objectContaining({
          extensions: expect.objectContaining({
            code: 'SECOND_FACTOR_REQUIRED',
          }),
        })
      )
      expect((await requestOtp()).success).toBe(true)
      expect(sentSms).toHaveLength(1)
      await resolveCurrentUser(pendingCookie)
      expect((await verifyOtp({ otp: lastCode() })).success).toBe(true)
      // The pending id was re-issued: it no longer resolves.
      expect(await getCurrentUser(pendingCookie as never)).toBeNull()
    }
  )
})
