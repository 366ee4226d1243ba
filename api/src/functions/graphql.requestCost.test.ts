import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import type Redis from 'ioredis'

import { resetConfig } from 'src/lib/config'
import { db } from 'src/lib/db'
import { redis, useRedisClient } from 'src/lib/redis/client'
import { redisKeys } from 'src/lib/redis/keys'
import { useSmsTransport } from 'src/lib/sms'
import type { SmsMessage } from 'src/lib/sms'
import {
  authEvent,
  graphqlEvent,
  invoke,
  sessionCookieFrom,
} from 'src/lib/testing/httpEvents'
import { freePort, ownRedisServer } from 'src/lib/testing/redisServer'

import { handler as authHandler } from './auth'
import { handler as graphqlHandler } from './graphql'
import type { StandardScenario } from './graphql.requestCost.scenarios'
import { PASSWORD } from './graphql.requestCost.scenarios'

/**
 * What one request costs, on a redis-server of this test's own: round trips
 * are the write(2) calls the server makes to answer (a pipeline is answered
 * in one), read from /proc. Also: a signed-in request reads no file and, once
 * the account's factor summary is cached, no database row.
 */

jest.setTimeout(60_000)

let server: ReturnType<typeof ownRedisServer>
let dataDir: string
const savedRedisUrl = process.env.REDIS_URL
const sent: SmsMessage[] = []

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redis-request-cost-'))
  server = ownRedisServer(await freePort(), dataDir, ['--appendonly', 'no'])
  await server.start()
  process.env.REDIS_URL = server.url
  resetConfig()
  useRedisClient(undefined)
  useSmsTransport(async (message) => {
    sent.push(message)
  })
})

afterAll(async () => {
  await (redis() as Redis).quit()
  useRedisClient(undefined)
  useSmsTransport(undefined)
  process.env.REDIS_URL = savedRedisUrl
  resetConfig()
  await server.stop()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

const graphql = (query: string, cookie: string, userId: number) =>
  invoke(graphqlHandler, graphqlEvent({ query }, { cookie, userId }))

const login = async (email: string) =>
  sessionCookieFrom(
    await invoke(
      authHandler,
      authEvent({ method: 'login', username: email, password: PASSWORD })
    )
  )

/** Round trips one request made, and its GraphQL answer. */
const measured = async (work: () => Promise<{ body?: string }>) => {
  const before = server.writes()
  const response = await work()
  return {
    roundTrips: server.writes() - before,
    body: JSON.parse(response.body ?? '{}'),
  }
}

const STATUS =
  '{ twoFactorStatus { enabled verified methods resendAvailableInSeconds } }'

describe('what a request costs', () => {
  scenario(
    'round trips: 1 for any signed-in request and for twoFactorStatus, 2 for requestOtp and for verifyOtp',
    async (scenario: StandardScenario) => {
      const user = scenario.user.twoFactorOn
      const cookie = await login(user.email)
      // Each script's first run on a server loads it (EVALSHA, then EVAL),
      // and the first status builds the factor summary: warm up first.
      await graphql(STATUS, cookie, user.id)
      await graphql('mutation { requestOtp { success } }', cookie, user.id)
      await redis().del(redisKeys.resendCooldown(user.id))

      const trivial = await measured(() =>
        graphql('{ __typename }', cookie, user.id)
      )
      expect(trivial.roundTrips).toBe(1)

      const status = await measured(() => graphql(STATUS, cookie, user.id))
      expect(status.body.data.twoFactorStatus).toMatchObject({
        enabled: true,
        verified: false,
      })
      expect(status.roundTrips).toBe(1)

      const request = await measured(() =>
        graphql('mutation { requestOtp { success } }', cookie, user.id)
      )
      expect(request.body.data.requestOtp.success).toBe(true)
      expect(request.roundTrips).toBe(2)

      const code = sent.at(-1).text.match(/(\d{6}) is your /)[1]
      const verify = await measured(() =>
        graphql(
          `mutation { verifyOtp(otp: "${code}") { success } }`,
          cookie,
          user.id
        )
      )
      expect(verify.body.data.verifyOtp.success).toBe(true)
      expect(verify.roundTrips).toBe(2)
    }
  )

  scenario(
    'a signed-in twoFactorStatus reads no file and no database row',
    async (scenario: StandardScenario) => {
      const user = scenario.user.twoFactorOn
      const cookie = await login(user.email)
      await graphql(STATUS, cookie, user.id) // builds the factor summary

      const engine = (db as unknown as { _engine: { request: () => unknown } })
        ._engine
      const queries = jest.spyOn(engine, 'request')
      const reads = jest.spyOn(fs, 'readFileSync')
      const looks = jest.spyOn(fs, 'existsSync')
      try {
        const response = await graphql(STATUS, cookie, user.id)
        expect(JSON.parse(response.body).data.twoFactorStatus.enabled).toBe(
          true
        )
        expect(queries).not.toHaveBeenCalled()
        expect(reads).not.toHaveBeenCalled()
        expect(looks).not.toHaveBeenCalled()
      } finally {
        queries.mockRestore()
        reads.mockRestore()
        looks.mockRestore()
      }
    }
  )

  scenario(
    'the cached summary follows a change at once: a new recovery-code set shows in the next status',
    async (scenario: StandardScenario) => {
      const user = scenario.user.twoFactorOn
      const cookie = await login(user.email)
      await graphql('mutation { requestOtp { success } }', cookie, user.id)
      const code = sent.at(-1).text.match(/(\d{6}) is your /)[1]
      const verified = await graphql(
        `mutation { verifyOtp(otp: "${code}") { success } }`,
        cookie,
        user.id
      )
      const fresh = sessionCookieFrom(verified)
      const before = await graphql(
        '{ twoFactorStatus { methods recoveryCodesRemaining } }',
        fresh,
        user.id
      )
      expect(JSON.parse(before.body).data.twoFactorStatus).toEqual({
        methods: ['SMS'],
        recoveryCodesRemaining: 0,
      })
      await graphql(
        'mutation { generateRecoveryCodes { codes } }',
        fresh,
        user.id
      )
      const after = await graphql(
        '{ twoFactorStatus { methods recoveryCodesRemaining } }',
        fresh,
        user.id
      )
      expect(JSON.parse(after.body).data.twoFactorStatus).toEqual({
        methods: ['SMS', 'RECOVERY_CODE'],
        recoveryCodesRemaining: 10,
      })
    }
  )
})
