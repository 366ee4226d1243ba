import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { resetConfig } from '../config'
import type { SessionState } from '../sessions/sessionStore'
import { createSession } from '../sessions/sessionStore'
import { useSmsTransport } from '../sms'
import { waitFor } from '../testing/redisServer'
import {
  askServer,
  freePortsFrom,
  ownSentinelSetup,
} from '../testing/redisTopology'
import { sendSmsCode, smsFactor } from '../twoFactor/factors/sms/smsFactor'
import { verifyFactor } from '../twoFactor/verifier'

import { redis, useRedisClient } from './client'

/**
 * A replica is promoted while codes are being sent and verified, through the
 * app's own Sentinel client. Redis replicates asynchronously, so a promoted
 * replica lacks the last writes of the old master, which keeps taking
 * writes until the sentinels demote it: a code used there in that moment
 * would be usable again. The app only counts an answer once a replica holds
 * it (REDIS_REPLICA_ACKS, 1 by default under Sentinel).
 */

jest.setTimeout(90_000)

const savedEnv = { ...process.env }
let dataDir: string
let setup: ReturnType<typeof ownSentinelSetup>
let ports: { masterPort: number; replicaPort: number }

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** 'OK', or the refusal's stable code. */
const outcomeOf = async (work: Promise<unknown>) => {
  try {
    await work
    return 'OK'
  } catch (error) {
    const code = (error as { extensions?: { code?: string } }).extensions?.code
    return code ?? `unexpected ${(error as Error).message}`
  }
}

const PHONE = { factorId: 1, phoneNumber: '+12015550123', proven: true }

// Codes as they are texted; each account takes its own (sends run one at a time).
const pendingCodes: string[] = []

type Account = { userId: number; session: SessionState; code: string }

const wrong = (code: string) =>
  String((Number(code) + 1) % 1_000_000).padStart(6, '0')

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redis-sentinel-'))
  const [masterPort, replicaPort] = await freePortsFrom(6441, 2)
  ports = { masterPort, replicaPort }
  setup = ownSentinelSetup(ports, await freePortsFrom(26441, 3), dataDir)
  await setup.start()

  Object.assign(process.env, {
    REDIS_SENTINELS: setup.sentinelList,
    REDIS_SENTINEL_NAME: setup.name,
    // One number receives every code here: lift its send caps.
    OTP_MAX_SENDS_PER_NUMBER_PER_HOUR: '100000',
    SMS_HOURLY_BUDGET: '100000',
  })
  delete process.env.REDIS_URL
  delete process.env.REDIS_REPLICA_ACKS
  resetConfig()
  useRedisClient(undefined)
  useSmsTransport(async ({ text }) => {
    const code = text.match(/(\d{6}) is your/)?.[1]
    if (code) pendingCodes.push(code)
  })
})

afterAll(async () => {
  redis().disconnect()
  useRedisClient(undefined)
  useSmsTransport(undefined)
  process.env = savedEnv
  resetConfig()
  await setup?.stop()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('a Sentinel failover while codes are verified', () => {
  it('verifies no code twice, fails closed during the switch and recovers by itself', async () => {
    // Sends run one at a time so each account reads its own code back.
    let sending = Promise.resolve()
    const newAccount = (userId: number) => {
      const next = sending.then(async () => {
        pendingCodes.length = 0
        const session = await createSession(userId, {
          secondFactorRequired: true,
        })
        await sendSmsCode(userId, PHONE)
        const code = pendingCodes.shift()
        if (!code) throw new Error('no code was texted')
        return { userId, session, code } as Account
      })
      sending = next.then(
        () => undefined,
        () => undefined
      )
      return next
    }

    const accounts: Account[] = []
    const successes = new Map<number, number>()
    const outcomes = new Map<string, number>()
    const note = (outcome: string) =>
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1)
    const verify = async (account: Account, submission: string) => {
      const outcome = await outcomeOf(
        verifyFactor(smsFactor, account.userId, account.session, submission)
      )
      note(outcome)
      if (outcome === 'OK') {
        expect(submission).toBe(account.code) // never a success without the code
        successes.set(account.userId, (successes.get(account.userId) ?? 0) + 1)
      }
      return outcome
    }

    // Each worker: a new account sends a code, a wrong guess, the right
    // code, and another try of an earlier account's code with its first
    // session, which must never succeed again.
    let stop = false
    let nextUser = 1
    const worker = async () => {
      while (!stop) {
        const userId = nextUser++
        const created = await newAccount(userId).then(
          (account) => account,
          (error) => {
            note(
              `send ${(error as { extensions?: { code?: string } }).extensions?.code ?? (error as Error).message}`
            )
            return undefined
          }
        )
        if (created) {
          accounts.push(created)
          await verify(created, wrong(created.code))
          await verify(created, created.code)
        }
        const earlier = accounts[Math.floor(Math.random() * accounts.length)]
        if (earlier) await verify(earlier, earlier.code)
        await sleep(5)
      }
    }
    const workers = [worker(), worker(), worker()]

    await sleep(1_000)
    const before = accounts.length
    expect(before).toBeGreaterThan(5)
    expect(await setup.askSentinel('FAILOVER', setup.name)).toBe('OK')
    await waitFor(
      'the sentinels to name the replica as master',
      async () => (await setup.masterPort()) === ports.replicaPort,
      20_000
    )
    await waitFor(
      'the old master to become a replica',
      async () =>
        String(await askServer(ports.masterPort, 'ROLE')).startsWith('slave'),
      20_000
    )
    await sleep(2_000)
    stop = true
    await Promise.all(workers)

    // Every code once more, with the session it was sent for.
    for (const account of accounts) await verify(account, account.code)

    const twice = [...successes].filter(([, count]) => count > 1)
    expect(twice).toEqual([])
    // What came back is a success, the stable refusals of a used code or an
    // ended session, a wrong guess, or SERVICE_UNAVAILABLE: nothing else.
    const allowed = new Set([
      'OK',
      'OTP_INVALID',
      'OTP_EXPIRED',
      'UNAUTHENTICATED',
      'TOO_MANY_FAILED_ATTEMPTS',
      'SERVICE_UNAVAILABLE',
      'send SERVICE_UNAVAILABLE',
    ])
    expect([...outcomes.keys()].filter((o) => !allowed.has(o))).toEqual([])
    // Codes were verified on both sides of the switch.
    expect(accounts.length).toBeGreaterThan(before)
    expect(successes.size).toBeGreaterThan(before)

    // The same client, with no restart, works on the new master.
    const after = await newAccount(1_000_000)
    expect(await verify(after, after.code)).toBe('OK')
  })
})
