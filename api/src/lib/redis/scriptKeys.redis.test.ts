import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import type { Cluster } from 'ioredis'
import Redis from 'ioredis'

import { resetConfig } from '../config'
import { beginLoginAttempt, loginSucceeded } from '../loginThrottle'
import {
  createSession,
  loadSession,
  revokeOtherSessions,
  revokeSession,
} from '../sessions/sessionStore'
import { useSmsTransport } from '../sms'
import { TEST_REDIS_CLUSTER_NODES } from '../testing/realRedis'
import { freePortsFrom, ownRedisCluster } from '../testing/redisTopology'
import {
  sendLockNotice,
  sendSmsCode,
  smsFactor,
} from '../twoFactor/factors/sms/smsFactor'
import {
  factorsMayHaveChanged,
  storeFactorSummary,
} from '../twoFactor/factorSummaryCache'
import { loadRequestState } from '../twoFactor/requestState'
import type { AppCheckedFactor } from '../twoFactor/verifier'
import { verifyFactor } from '../twoFactor/verifier'

import { redis, useRedisClient } from './client'
import { definedScripts } from './defineScript'

/**
 * Every Lua script the app defines runs on a real Redis Cluster while each
 * master's MONITOR records what it did: the keys each script call declared
 * (they must all hash to one slot, as the cluster itself says) and every
 * command the script ran (each key it touched must be one it declared).
 * The tour below drives the app's own functions, so the keys are the ones
 * the app really passes.
 */

jest.setTimeout(60_000)

// Every module that defines scripts is loaded, so none can be missed.
const LIB = path.resolve(__dirname, '..')
const scriptModules = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) return scriptModules(file)
    return /(?<!\.test|\.scenarios)\.ts$/.test(entry.name) &&
      !file.includes(`${path.sep}testing${path.sep}`) &&
      /\b(defineScript|composeScript)\(/.test(fs.readFileSync(file, 'utf8'))
      ? [file]
      : []
  })

type Seen = { sha: string; keys: string[]; touched: string[][] }

let ownCluster: ReturnType<typeof ownRedisCluster> | undefined
let dataDir: string | undefined
let nodeList: string
const monitors: Redis[] = []
const calls: Seen[] = []
const savedEnv = { ...process.env }

const sha1 = (text: string) =>
  crypto.createHash('sha1').update(text).digest('hex')

/**
 * MONITOR writes arguments escaped (C-style, as redis-cli shows them); the
 * first use of a script on a connection sends its whole source (EVAL).
 */
const unrepr = (text: string) =>
  text.replace(/\\(x[0-9a-f]{2}|.)/g, (_match, escaped: string) =>
    escaped.length === 3
      ? String.fromCharCode(parseInt(escaped.slice(1), 16))
      : ((
          { n: '\n', r: '\r', t: '\t', a: '\x07', b: '\b' } as Record<
            string,
            string
          >
        )[escaped] ?? escaped)
  )

/** Turns each master's MONITOR lines into script calls and what they ran. */
const watch = async (port: number) => {
  const connection = new Redis(port, '127.0.0.1')
  monitors.push(connection)
  const monitor = await connection.monitor()
  monitors.push(monitor as unknown as Redis)
  let current: Seen | undefined
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    const command = args[0].toLowerCase()
    if (source === 'lua') {
      current?.touched.push(args)
    } else if (command === 'eval' || command === 'evalsha') {
      current = {
        sha: command === 'eval' ? sha1(unrepr(args[1])) : args[1],
        keys: args.slice(3, 3 + Number(args[2])),
        touched: [],
      }
      calls.push(current)
    } else {
      current = undefined
    }
  })
}

beforeAll(async () => {
  for (const file of scriptModules(LIB)) require(file)
  if (TEST_REDIS_CLUSTER_NODES) {
    nodeList = TEST_REDIS_CLUSTER_NODES
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redis-script-keys-'))
    ownCluster = ownRedisCluster(
      await freePortsFrom(7444, 3, { withBus: true }),
      dataDir
    )
    await ownCluster.start()
    nodeList = ownCluster.nodeList
  }
  // The app's own client, built from its configuration.
  process.env.REDIS_CLUSTER_NODES = nodeList
  delete process.env.REDIS_URL
  resetConfig()
  useRedisClient(undefined)
  const cluster = redis() as Cluster
  await cluster.connect()
  for (const node of cluster.nodes('master')) {
    await node.flushdb()
    await watch(node.options.port as number)
  }
})

afterAll(async () => {
  for (const connection of monitors) connection.disconnect()
  redis().disconnect()
  useRedisClient(undefined)
  process.env = savedEnv
  resetConfig()
  useSmsTransport(undefined)
  await ownCluster?.stop()
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
})

/** A factor the app checks itself, as TOTP (account) and recovery codes (session) are. */
const appFactor = (
  guard: 'account' | 'session',
  right: string
): AppCheckedFactor => ({
  method: guard === 'account' ? 'TOTP' : 'RECOVERY_CODE',
  amr: guard === 'account' ? 'totp' : 'recovery_code',
  guard,
  check: async (_userId, submission) =>
    submission === right
      ? { matched: true }
      : { matched: false, outcome: 'OTP_INVALID' },
})

/** Runs every script the app has, through the functions that use them. */
const tour = async () => {
  const texts: string[] = []
  let failSends = false
  useSmsTransport(async ({ text }) => {
    if (failSends) throw new Error('provider down')
    texts.push(text)
  })
  const userId = 42
  const phone = { factorId: 7, phoneNumber: '+12015550123', proven: true }

  const session = await createSession(userId, {
    secondFactorRequired: true,
    email: 'a@example.com',
  })
  await loadSession(userId, session.sid)
  await loadRequestState(userId, session.sid)
  await storeFactorSummary(userId, { sms: true }, '0')
  await factorsMayHaveChanged(userId)

  // A send, a refused resend (what it counted app-wide is given back), a
  // wrong code and the right one.
  await sendSmsCode(userId, phone)
  await expect(sendSmsCode(userId, phone)).rejects.toThrow()
  const code = texts.at(-1)?.match(/(\d{6}) is your/)?.[1] ?? ''
  await expect(
    verifyFactor(smsFactor, userId, session, code === '000000' ? '1' : '000000')
  ).rejects.toThrow()
  const upgraded = await verifyFactor(smsFactor, userId, session, code)

  // A send the provider fails: the stored code is discarded.
  failSends = true
  await expect(
    sendSmsCode(userId + 1, { ...phone, phoneNumber: '+12015550124' })
  ).rejects.toThrow()
  failSends = false

  // Factors the app checks between the verifier's steps.
  const totpSession = await createSession(userId, {
    secondFactorRequired: true,
  })
  await expect(
    verifyFactor(appFactor('account', '1'), userId, totpSession, '2')
  ).rejects.toThrow()
  await verifyFactor(appFactor('account', '1'), userId, totpSession, '1')
  const recoverySession = await createSession(userId, {
    secondFactorRequired: true,
  })
  await verifyFactor(appFactor('session', 'r'), userId, recoverySession, 'r')

  await sendLockNotice(userId, phone.phoneNumber, 900)
  await beginLoginAttempt('a@example.com', '203.0.113.9')
  await loginSucceeded('a@example.com', '203.0.113.9')
  await revokeOtherSessions(userId, upgraded.sid)
  await revokeSession(userId, upgraded.sid)
}

const slotOf = async (key: string) =>
  Number(await (redis() as Cluster).cluster('KEYSLOT', key))

/** The keys a command names, as the server itself reads them. */
const keysOf = async (command: string[]) => {
  const cluster = redis() as Cluster
  const node = cluster.nodes('master')[0]
  return (await node.call('COMMAND', 'GETKEYS', ...command)) as string[]
}

describe('every Lua script on a real Redis Cluster', () => {
  it('declares every key it touches, and its keys share one slot', async () => {
    await tour()
    // MONITOR lines arrive on other connections: let them catch up.
    await new Promise((resolve) => setTimeout(resolve, 300))

    const byShaName = new Map(
      definedScripts().map((script) => [sha1(script.source), script.name])
    )
    const ran = new Set<string>()
    const problems: string[] = []
    for (const call of calls) {
      const name = byShaName.get(call.sha)
      if (!name) {
        problems.push(`a script the app does not define ran (${call.sha})`)
        continue
      }
      ran.add(name)
      const slots = new Set(await Promise.all(call.keys.map(slotOf)))
      if (slots.size !== 1) {
        problems.push(`${name}: keys in slots ${[...slots].join(', ')}`)
      }
      for (const command of call.touched) {
        for (const key of await keysOf(command)) {
          if (!call.keys.includes(key)) {
            problems.push(`${name}: ${command[0]} on undeclared key ${key}`)
          }
        }
      }
    }
    expect(problems).toEqual([])
    // The tour ran every script the app defines.
    expect([...ran].sort()).toEqual(
      definedScripts()
        .map((script) => script.name)
        .sort()
    )
    expect(ran.size).toBeGreaterThanOrEqual(18)
  })
})
