import type { Cluster } from 'ioredis'

import { logger } from '../logger'

import type { RedisClient } from './client'

/**
 * Attempt counters, locks, cooldowns and sessions live in Redis. A Redis
 * that evicts keys under memory pressure (any allkeys-* policy, or volatile-*,
 * since every one of those keys has a TTL) lets whoever can fill its memory
 * reset every limit. So under production rules the api refuses to start
 * unless every server holding its keys says `maxmemory-policy noeviction`.
 */

/**
 * For a managed Redis that does not allow CONFIG: set to `noeviction` to
 * state that the policy was checked another way (the provider's console or
 * parameter group).
 */
export const POLICY_CHECKED_VARIABLE = 'REDIS_MAXMEMORY_POLICY_CHECKED'

const HOW_TO_FIX =
  'Set maxmemory-policy noeviction (in redis.conf, or CONFIG SET maxmemory-policy noeviction then CONFIG REWRITE; on a managed Redis, in its parameter group)'

const CHECK_DEADLINE_MS = 5_000

type PolicyReading =
  | { server: string; policy: string }
  | { server: string; unavailable: string }

const addressOf = (client: RedisClient) => {
  const {
    host = '127.0.0.1',
    port = 6379,
    sentinels,
    name,
  } = client.options as {
    host?: string
    port?: number
    sentinels?: unknown[]
    name?: string
  }
  return sentinels ? `the Sentinel master "${name}"` : `${host}:${port}`
}

/** What a server says its policy is; CONFIG may be renamed or forbidden. */
const readPolicy = async (
  client: Exclude<RedisClient, Cluster>
): Promise<PolicyReading> => {
  const server = addressOf(client)
  try {
    const reply = (await client.config('GET', 'maxmemory-policy')) as string[]
    if (Array.isArray(reply) && typeof reply[1] === 'string') {
      return { server, policy: reply[1] }
    }
    return { server, unavailable: 'CONFIG GET answered nothing' }
  } catch (error) {
    const { message } = error as Error
    // An unknown (renamed or disabled) command, or one the ACL user may not run.
    if (/unknown command|NOPERM|no permissions/i.test(message)) {
      return { server, unavailable: message }
    }
    throw new Error(
      `Could not read maxmemory-policy from Redis (${server}): ${message}`
    )
  }
}

/** Every server that holds the app's keys: each master of a cluster. */
const serversOf = async (client: RedisClient) => {
  if (!client.isCluster) return [client as Exclude<RedisClient, Cluster>]
  const cluster = client as Cluster
  if (cluster.status === 'wait') await cluster.connect()
  const masters = cluster.nodes('master')
  if (masters.length === 0) {
    throw new Error('The Redis Cluster reported no masters')
  }
  return masters
}

const checkPolicies = async (client: RedisClient) => {
  const readings = await Promise.all(
    (await serversOf(client)).map((server) => readPolicy(server))
  )
  for (const reading of readings) {
    if ('policy' in reading && reading.policy !== 'noeviction') {
      throw new Error(
        `Redis (${reading.server}) has maxmemory-policy ${reading.policy}: under memory pressure it would evict attempt counters, locks and sessions, and whoever fills its memory would reset every limit. ${HOW_TO_FIX}.`
      )
    }
  }
  const unreadable = readings.filter((reading) => 'unavailable' in reading)
  if (unreadable.length === 0) return
  const stated = process.env.REDIS_MAXMEMORY_POLICY_CHECKED
  if (stated === 'noeviction') {
    logger.info(
      { servers: unreadable.map((reading) => reading.server) },
      `Redis does not allow CONFIG; ${POLICY_CHECKED_VARIABLE}=noeviction states its maxmemory-policy was checked elsewhere`
    )
    return
  }
  throw new Error(
    `Could not read maxmemory-policy from Redis (${unreadable
      .map((reading) => reading.server)
      .join(', ')}: ${
      (unreadable[0] as { unavailable: string }).unavailable
    }). A Redis that evicts keys lets whoever fills its memory reset every limit. ${HOW_TO_FIX}; if your provider does not allow CONFIG, check the policy there and set ${POLICY_CHECKED_VARIABLE}=noeviction${
      stated ? ` (it is "${stated}")` : ''
    }.`
  )
}

/** Resolves when every server holding the app's keys never evicts them. */
export const assertRedisNeverEvicts = async (client: RedisClient) => {
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      checkPolicies(client),
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(
                `Could not read maxmemory-policy from Redis within ${CHECK_DEADLINE_MS} ms`
              )
            ),
          CHECK_DEADLINE_MS
        )
      }),
    ])
  } finally {
    clearTimeout(timer)
  }
}
