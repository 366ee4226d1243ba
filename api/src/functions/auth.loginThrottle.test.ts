import crypto from 'node:crypto'

import Redis from 'ioredis'

import { hashPassword as dbAuthHashPassword } from '@redwoodjs/auth-dbauth-api'

import { resetConfig } from 'src/lib/config'
import { db } from 'src/lib/db'
import { forgetKnownAddressLocks } from 'src/lib/loginThrottle'
import { useRedisClient } from 'src/lib/redis/client'
import {
  authEvent,
  invoke,
  sessionCookieFrom,
} from 'src/lib/testing/httpEvents'
import { useRealRedisForEachTest } from 'src/lib/testing/twoFactorTestkit'

import { handler } from './auth'
import { PASSWORD } from './auth.loginThrottle.scenarios'
import type { StandardScenario } from './auth.loginThrottle.scenarios'

const WRONG = 'not the password at all'

// Some tests send dozens of logins, each hashing a password with scrypt
// (about 40 ms of CPU): on a loaded machine that outlasts Jest's 5 s default,
// and a test cut short leaves rows that break the next file.
jest.setTimeout(30_000)

const login = (email: string, password: string, address = '203.0.113.7') => {
  const event = authEvent({ method: 'login', username: email, password })
  event.requestContext = {
    identity: { sourceIp: address },
  } as typeof event.requestContext
  return invoke(handler, event)
}

/** Counts the scrypt hashes (sync or async) `work` causes. */
const hashesDuring = async <T>(work: () => Promise<T>) => {
  const sync = jest.spyOn(crypto, 'scryptSync')
  const async = jest.spyOn(crypto, 'scrypt')
  try {
    const result = await work()
    return { result, hashes: sync.mock.calls.length + async.mock.calls.length }
  } finally {
    sync.mockRestore()
    async.mockRestore()
  }
}

const client = useRealRedisForEachTest()
beforeEach(() => forgetKnownAddressLocks())

/** The lock keys of the sign-in throttle: one per locked account or address. */
const locks = (kind: 'account' | 'address') =>
  client.keys(`2fa:{login}:${kind}:*:lock`)

describe('failed sign-ins', () => {
  scenario(
    'after 5 wrong passwords an account is refused with 429 and Retry-After, before any hashing',
    async (scenario: StandardScenario) => {
      const email = scenario.user.ada.email
      for (let i = 0; i < 5; i++) {
        expect((await login(email, WRONG)).statusCode).toBe(400)
      }

      // The right password too: the throttle does not look at it.
      const { result: refused, hashes } = await hashesDuring(() =>
        login(email, PASSWORD)
      )
      expect(hashes).toBe(0)
      expect(refused.statusCode).toBe(429)
      expect(refused.headers['retry-after']).toBe('1')
      expect(JSON.parse(refused.body)).toEqual({
        error: expect.stringMatching(/Try again in 1 seconds?/),
        code: 'LOGIN_THROTTLED',
        retryAfterSeconds: 1,
      })
      expect(sessionCookieFrom(refused)).toBeNull()
    }
  )

  scenario(
    'each further failure doubles the delay, up to LOGIN_MAX_DELAY_SECONDS',
    async (scenario: StandardScenario) => {
      process.env.LOGIN_MAX_DELAY_SECONDS = '5'
      resetConfig()
      try {
        const email = scenario.user.ada.email
        const delays: number[] = []
        for (let i = 0; i < 9; i++) {
          await login(email, WRONG)
          const [lock] = await locks('account')
          if (lock) {
            delays.push(Math.round((await client.pttl(lock)) / 1000))
            // As if the delay had passed.
            await client.del(lock)
          }
        }
        expect(delays).toEqual([1, 2, 4, 5, 5])
      } finally {
        delete process.env.LOGIN_MAX_DELAY_SECONDS
        resetConfig()
      }
    }
  )

  scenario(
    'signing in clears the account’s count',
    async (scenario: StandardScenario) => {
      const email = scenario.user.ada.email
      for (let i = 0; i < 4; i++) {
        await login(email, WRONG)
      }
      expect((await login(email, PASSWORD)).statusCode).toBe(200)
      for (let i = 0; i < 4; i++) {
        expect((await login(email, WRONG)).statusCode).toBe(400)
      }
      expect(await locks('account')).toEqual([])
    }
  )

  scenario(
    'one client address is limited across accounts; other addresses are not',
    async (scenario: StandardScenario) => {
      // Twenty different emails, so no account's own limit is reached.
      for (let i = 0; i < 20; i++) {
        await login(`guess${i}@example.com`, WRONG, '198.51.100.1')
      }
      const fromThere = await login(
        scenario.user.ada.email,
        PASSWORD,
        '198.51.100.1'
      )
      expect(fromThere.statusCode).toBe(429)

      const elsewhere = await login(
        scenario.user.ada.email,
        PASSWORD,
        '198.51.100.2'
      )
      expect(elsewhere.statusCode).toBe(200)
      // An IPv6 client is one /64, whichever address of it it uses.
      for (let i = 0; i < 20; i++) {
        await login(`v6guess${i}@example.com`, WRONG, `2001:db8:1:2::${i + 1}`)
      }
      expect(
        (
          await login(
            scenario.user.grace.email,
            PASSWORD,
            '2001:db8:1:2:ffff::9'
          )
        ).statusCode
      ).toBe(429)
    }
  )

  scenario(
    'a burst of parallel guesses cannot outrun the count: at most 5 of 30 are checked',
    async (scenario: StandardScenario) => {
      const { result, hashes } = await hashesDuring(() =>
        Promise.all(
          Array.from({ length: 30 }, () =>
            login(scenario.user.ada.email, WRONG)
          )
        )
      )
      const statuses = result.map((response) => response.statusCode)
      expect(statuses.filter((status) => status === 400)).toHaveLength(5)
      expect(statuses.filter((status) => status === 429)).toHaveLength(25)
      expect(hashes).toBe(5)
    }
  )

  scenario(
    'once told an address is locked, the api answers its logins without asking Redis, for as long as the lock lasts',
    async (scenario: StandardScenario) => {
      for (let i = 0; i < 20; i++) {
        await login(`guess${i}@example.com`, WRONG, '198.51.100.3')
      }
      expect(
        (await login('guess@example.com', WRONG, '198.51.100.3')).statusCode
      ).toBe(429)

      const unreachable = new Redis('redis://127.0.0.1:1', {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        enableOfflineQueue: false,
        retryStrategy: () => null,
      })
      useRedisClient(unreachable)
      try {
        const again = await login(
          scenario.user.ada.email,
          PASSWORD,
          '198.51.100.3'
        )
        expect(again.statusCode).toBe(429)
        expect(Number(again.headers['retry-after'])).toBeGreaterThanOrEqual(1)
        // Another address still goes to Redis (and, without it, fails closed).
        expect(
          (await login(scenario.user.ada.email, PASSWORD, '198.51.100.4'))
            .statusCode
        ).toBe(503)
      } finally {
        unreachable.disconnect()
        useRedisClient(client)
      }
    }
  )

  scenario(
    'without Redis there is no throttle, so sign-in fails closed with a 503',
    async (scenario: StandardScenario) => {
      const unreachable = new Redis('redis://127.0.0.1:1', {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        enableOfflineQueue: false,
        retryStrategy: () => null,
      })
      useRedisClient(unreachable)
      try {
        const response = await login(scenario.user.ada.email, PASSWORD)
        expect(response.statusCode).toBe(503)
        expect(JSON.parse(response.body).code).toBe('SERVICE_UNAVAILABLE')
        expect(sessionCookieFrom(response)).toBeNull()
      } finally {
        unreachable.disconnect()
        useRedisClient(client)
      }
    }
  )
})

describe('password checks', () => {
  scenario(
    'run off the event loop: a login hashes with async scrypt, never scryptSync',
    async (scenario: StandardScenario) => {
      const sync = jest.spyOn(crypto, 'scryptSync')
      try {
        expect(
          (await login(scenario.user.ada.email, PASSWORD)).statusCode
        ).toBe(200)
        expect((await login(scenario.user.grace.email, WRONG)).statusCode).toBe(
          400
        )
        expect((await login('nobody@example.com', WRONG)).statusCode).toBe(400)
        expect(sync).not.toHaveBeenCalled()
      } finally {
        sync.mockRestore()
      }
    }
  )

  scenario(
    'accept dbAuth’s legacy hashes and upgrade them as dbAuth does',
    async (scenario: StandardScenario) => {
      const user = scenario.user.legacy
      expect((await login(user.email, WRONG)).statusCode).toBe(400)
      expect((await login(user.email, PASSWORD)).statusCode).toBe(200)
      const upgraded = await db.user.findUniqueOrThrow({
        where: { id: user.id },
      })
      expect(upgraded.hashedPassword).toBe(
        dbAuthHashPassword(PASSWORD, { salt: user.salt })[0]
      )
      expect((await login(user.email, PASSWORD)).statusCode).toBe(200)
    }
  )
})
