import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import type { Cluster } from 'ioredis'

import { resetConfig } from '../config'
import { createSession, loadSession } from '../sessions/sessionStore'
import { codeOf } from '../testing/realRedis'
import { waitFor } from '../testing/redisServer'
import { freePortsFrom, ownRedisCluster } from '../testing/redisTopology'

import { redis, useRedisClient } from './client'
import { redisKeys } from './keys'

/**
 * The app's own Redis Cluster client when the master holding an account's
 * keys goes away: calls fail fast and closed, and the client finds the
 * master again by itself when it is back.
 */

jest.setTimeout(60_000)

const savedEnv = { ...process.env }
let dataDir: string
let cluster: ReturnType<typeof ownRedisCluster>
let ports: number[]

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redis-cluster-down-'))
  ports = await freePortsFrom(7444, 3, { withBus: true })
  cluster = ownRedisCluster(ports, dataDir)
  await cluster.start()
  process.env.REDIS_CLUSTER_NODES = cluster.nodeList
  delete process.env.REDIS_URL
  resetConfig()
  useRedisClient(undefined)
})

afterAll(async () => {
  redis().disconnect()
  useRedisClient(undefined)
  process.env = savedEnv
  resetConfig()
  await cluster?.stop()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

/** How long a refusal took, and its code. */
const timed = async (work: Promise<unknown>) => {
  const started = Date.now()
  const code = await codeOf(work)
  return { code, ms: Date.now() - started }
}

describe('a Redis Cluster master goes down', () => {
  it('fails closed within the deadline and recovers by itself when it is back', async () => {
    const userId = 42
    const session = await createSession(userId, { secondFactorRequired: true })
    expect(await loadSession(userId, session.sid)).not.toBeNull()

    // The master that holds this account's slot.
    const slot = Number(
      await (redis() as Cluster).cluster('KEYSLOT', redisKeys.account(userId))
    )
    const [ownerKey] = (redis() as Cluster).slots[slot]
    const ownerPort = Number(ownerKey.split(':').pop())
    expect(ports).toContain(ownerPort)
    await cluster.stopNode(ownerPort)

    for (const work of [
      () => loadSession(userId, session.sid),
      () => createSession(userId, { secondFactorRequired: true }),
    ]) {
      const refused = await timed(work())
      expect(refused.code).toBe('SERVICE_UNAVAILABLE')
      expect(refused.ms).toBeLessThan(3_000)
    }

    // Back with the same node id (its nodes file), without its data.
    await cluster.startNode(ownerPort)
    await waitFor(
      'the app to reach the account again',
      async () => {
        const again = await createSession(userId, {
          secondFactorRequired: true,
        })
        return (await loadSession(userId, again.sid)) !== null
      },
      20_000
    )
  })

  it('with every node down, queued calls fail closed within the deadline, and it recovers', async () => {
    const userId = 43
    await createSession(userId, { secondFactorRequired: true })
    for (const port of ports) await cluster.stopNode(port)
    // The client keeps calls queued while it reconnects; the app bounds them.
    const refused = await timed(
      createSession(userId, { secondFactorRequired: true })
    )
    expect(refused.code).toBe('SERVICE_UNAVAILABLE')
    expect(refused.ms).toBeLessThan(3_000)
    await Promise.all(ports.map((port) => cluster.startNode(port)))
    await waitFor(
      'the app to reach the cluster again',
      async () => {
        const session = await createSession(userId, {
          secondFactorRequired: true,
        })
        return (await loadSession(userId, session.sid)) !== null
      },
      20_000
    )
  })

  it('with no node reachable at all, calls fail closed within the deadline', async () => {
    const closed = await freePortsFrom(7447, 3)
    const before = redis()
    process.env.REDIS_CLUSTER_NODES = closed
      .map((port) => `127.0.0.1:${port}`)
      .join(',')
    resetConfig()
    useRedisClient(undefined)
    try {
      // A cluster client with no slot map queues commands; the app bounds them.
      const refused = await timed(
        createSession(7, { secondFactorRequired: true })
      )
      expect(refused.code).toBe('SERVICE_UNAVAILABLE')
      expect(refused.ms).toBeLessThan(3_000)
    } finally {
      redis().disconnect()
      useRedisClient(before)
      process.env.REDIS_CLUSTER_NODES = cluster.nodeList
      resetConfig()
    }
  })
})
