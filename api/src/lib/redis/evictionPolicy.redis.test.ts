import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import Fastify from 'fastify'
import Redis, { Cluster } from 'ioredis'

import { configureApiServer } from '../apiServer'
import { resetConfig } from '../config'
import { ownRedisServer } from '../testing/redisServer'
import { freePortsFrom, ownRedisCluster } from '../testing/redisTopology'
import { PLIVO } from '../testing/smsProviders'

import { redis, useRedisClient } from './client'
import {
  assertRedisNeverEvicts,
  POLICY_CHECKED_VARIABLE,
} from './evictionPolicy'

/**
 * The start-up check that Redis never evicts the app's keys, against real
 * redis-servers started with each policy.
 */

jest.setTimeout(60_000)

const savedEnv = { ...process.env }
let dataDir: string
const stops: (() => Promise<void>)[] = []
const clients: { disconnect: () => void }[] = []

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redis-eviction-'))
})

afterEach(async () => {
  for (const client of clients.splice(0)) client.disconnect()
  for (const stop of stops.splice(0)) await stop()
  process.env = { ...savedEnv }
  resetConfig()
  useRedisClient(undefined)
})

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

/** A redis-server of this test's own with these options, and a client for it. */
const serverWith = async (...args: string[]) => {
  const [port] = await freePortsFrom(6445, 1)
  const server = ownRedisServer(port, dataDir, ['--appendonly', 'no', ...args])
  await server.start()
  stops.push(() => server.stop())
  const client = new Redis(port, '127.0.0.1', { lazyConnect: true })
  clients.push(client)
  return { port, client }
}

describe('the maxmemory-policy check', () => {
  it('refuses a server that evicts (allkeys-lru, volatile-lru) and says how to fix it', async () => {
    for (const policy of ['allkeys-lru', 'volatile-lru']) {
      const { port, client } = await serverWith('--maxmemory-policy', policy)
      await expect(assertRedisNeverEvicts(client)).rejects.toThrow(
        `Redis (127.0.0.1:${port}) has maxmemory-policy ${policy}: under memory pressure it would evict attempt counters, locks and sessions, and whoever fills its memory would reset every limit. Set maxmemory-policy noeviction (in redis.conf, or CONFIG SET maxmemory-policy noeviction then CONFIG REWRITE`
      )
    }
  })

  it('accepts noeviction, which is also what a redis-server uses by default', async () => {
    const { client } = await serverWith('--maxmemory-policy', 'noeviction')
    await expect(assertRedisNeverEvicts(client)).resolves.toBeUndefined()
    const { client: plain } = await serverWith()
    await expect(assertRedisNeverEvicts(plain)).resolves.toBeUndefined()
  })

  it('without CONFIG (a managed Redis) refuses unless told the policy was checked elsewhere', async () => {
    const { port, client } = await serverWith('--rename-command', 'CONFIG', '')
    delete process.env[POLICY_CHECKED_VARIABLE]
    await expect(assertRedisNeverEvicts(client)).rejects.toThrow(
      new RegExp(
        `Could not read maxmemory-policy from Redis \\(127.0.0.1:${port}: .*unknown command.*set ${POLICY_CHECKED_VARIABLE}=noeviction\\.$`
      )
    )
    process.env[POLICY_CHECKED_VARIABLE] = 'yes'
    await expect(assertRedisNeverEvicts(client)).rejects.toThrow(
      `set ${POLICY_CHECKED_VARIABLE}=noeviction (it is "yes")`
    )
    process.env[POLICY_CHECKED_VARIABLE] = 'noeviction'
    await expect(assertRedisNeverEvicts(client)).resolves.toBeUndefined()
  })

  it('the opt-out never overrides a policy the server reports', async () => {
    const { client } = await serverWith('--maxmemory-policy', 'allkeys-lru')
    process.env[POLICY_CHECKED_VARIABLE] = 'noeviction'
    await expect(assertRedisNeverEvicts(client)).rejects.toThrow(
      'has maxmemory-policy allkeys-lru'
    )
  })

  it('reads every master of a cluster', async () => {
    const ports = await freePortsFrom(7444, 3, { withBus: true })
    const cluster = ownRedisCluster(ports, dataDir, (port) =>
      port === ports[2] ? ['--maxmemory-policy', 'allkeys-lru'] : []
    )
    stops.push(() => cluster.stop())
    await cluster.start()
    const client = new Cluster(cluster.nodes, { lazyConnect: true })
    clients.push(client)
    await expect(assertRedisNeverEvicts(client)).rejects.toThrow(
      `Redis (127.0.0.1:${ports[2]}) has maxmemory-policy allkeys-lru`
    )
    const master = new Redis(ports[2], '127.0.0.1')
    clients.push(master)
    await master.config('SET', 'maxmemory-policy', 'noeviction')
    await expect(assertRedisNeverEvicts(client)).resolves.toBeUndefined()
  })
})

describe('the api server at start-up', () => {
  const startApiServer = async (env: Record<string, string>) => {
    Object.assign(process.env, env)
    resetConfig()
    useRedisClient(undefined)
    const server = Fastify()
    configureApiServer(server)
    try {
      await server.ready()
      return 'started'
    } catch (error) {
      return (error as Error).message
    } finally {
      await server.close()
      redis().disconnect()
    }
  }

  it('under production rules, refuses to start on a Redis that evicts keys', async () => {
    const { port } = await serverWith('--maxmemory-policy', 'allkeys-lru')
    const production = {
      NODE_ENV: 'staging',
      REDIS_URL: `redis://127.0.0.1:${port}/0`,
      SMS_PROVIDER: 'plivo',
      // A named provider needs its credentials at start, whatever the Redis.
      ...PLIVO,
      TWO_FACTOR_ENCRYPTION_KEY: crypto.randomBytes(32).toString('base64'),
    }
    expect(await startApiServer(production)).toMatch(
      `Redis (127.0.0.1:${port}) has maxmemory-policy allkeys-lru`
    )
    // In development and test there is nothing to protect yet.
    expect(await startApiServer({ ...production, NODE_ENV: 'test' })).toBe(
      'started'
    )
    const { port: safePort } = await serverWith(
      '--maxmemory-policy',
      'noeviction'
    )
    expect(
      await startApiServer({
        ...production,
        REDIS_URL: `redis://127.0.0.1:${safePort}/0`,
      })
    ).toBe('started')
  })
})
