import Redis, { Cluster } from 'ioredis'
import type { RedisOptions } from 'ioredis'
import RedisMock from 'ioredis-mock'

import { config } from '../config'
import { logger } from '../logger'

import type { RedisConnectionConfig } from './connectionConfig'

/**
 * The app's Redis: one server, a Redis Cluster, or a master found through
 * Sentinel. The api code is the same for all three (every script's keys
 * share one slot, see defineScript.ts); `isCluster` tells them apart.
 */
export type RedisClient = Redis | Cluster

/**
 * Commands fail fast instead of waiting in an offline queue, so a Redis
 * outage turns into SERVICE_UNAVAILABLE within `commandTimeout` rather than
 * hanging logins; the client keeps reconnecting in the background and
 * recovers by itself.
 */
const FAIL_FAST: RedisOptions = {
  lazyConnect: true,
  connectTimeout: 2_000,
  commandTimeout: 1_000,
  maxRetriesPerRequest: 1,
  enableOfflineQueue: true,
  retryStrategy: (times) => Math.min(times * 200, 2_000),
}

const reportErrors = (client: RedisClient, what: string) => {
  let lastError = ''
  client.on('error', (error: Error) => {
    // A down server emits the same error on every reconnect attempt.
    if (error.message !== lastError) {
      lastError = error.message
      logger.error({ err: error }, `${what} connection error`)
    }
  })
  client.on('ready', () => {
    lastError = ''
    logger.info(`${what} connection ready`)
  })
  return client
}

const connect = (connection: RedisConnectionConfig): RedisClient => {
  switch (connection.mode) {
    case 'single':
      return reportErrors(new Redis(connection.url, FAIL_FAST), 'Redis')
    case 'cluster':
      return reportErrors(
        new Cluster(connection.nodes, {
          lazyConnect: true,
          // Commands wait here only while the slot map is (re)loaded; how
          // long any call may take is bounded in withRedis.
          enableOfflineQueue: true,
          clusterRetryStrategy: (times) => Math.min(times * 200, 2_000),
          slotsRefreshTimeout: 2_000,
          // Reads go to masters: a replica may not have the latest count.
          scaleReads: 'master',
          redisOptions: {
            connectTimeout: FAIL_FAST.connectTimeout,
            commandTimeout: FAIL_FAST.commandTimeout,
            maxRetriesPerRequest: FAIL_FAST.maxRetriesPerRequest,
          },
        }),
        'Redis Cluster'
      )
    case 'sentinel':
      return reportErrors(
        new Redis({
          ...FAIL_FAST,
          sentinels: connection.sentinels,
          name: connection.name,
          role: 'master',
          sentinelRetryStrategy: (times) => Math.min(times * 200, 2_000),
          // Reconnect as soon as the sentinels announce a new master ...
          failoverDetector: true,
          // ... or as soon as the old one, demoted, refuses a write. The
          // command that met READONLY fails (SERVICE_UNAVAILABLE) and is not
          // sent again: a script is never run twice behind the caller's back.
          reconnectOnError: (error) => error.message.startsWith('READONLY'),
        }),
        'Redis (Sentinel)'
      )
  }
}

const inProcessStore = () => {
  logger.warn(
    [
      '',
      '*****************************************************************',
      '* REDIS_URL is not set: one-time codes, attempt counters and    *',
      '* sessions live in this process only. Fine for trying the app;  *',
      '* every restart forgets them, and several api processes would   *',
      '* not share them. Set REDIS_URL for anything real.              *',
      '*****************************************************************',
    ].join('\n')
  )
  return new RedisMock() as unknown as Redis
}

let client: RedisClient | undefined

export const redis = (): RedisClient => {
  if (!client) {
    const { redisConnection } = config()
    client = redisConnection ? connect(redisConnection) : inProcessStore()
  }
  return client
}

/** Tests point the app at a real server or a fresh in-memory one. */
export const useRedisClient = (next: RedisClient | undefined) => {
  client = next
}

/**
 * Ends the app's client for a clean shutdown: a connected client sends QUIT
 * (the replies already on their way arrive first) and is waited for; one that
 * is not connected (never used, or reconnecting to a server that is down)
 * has nothing to wait for and only stops reconnecting. Commands after this
 * fail (fail closed) instead of opening a new connection.
 */
export const closeRedis = async () => {
  const closing = client
  if (!closing) return
  if (closing.status !== 'ready') {
    closing.disconnect()
    return
  }
  const ended = new Promise((resolve) => closing.once('end', resolve))
  await closing.quit().catch(() => closing.disconnect())
  await ended
}
