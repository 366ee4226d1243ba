import Redis from 'ioredis'
import RedisMock from 'ioredis-mock'

import { config } from '../config'
import { logger } from '../logger'

/**
 * One Redis client for the api side. Commands fail fast instead of waiting
 * in an offline queue, so a Redis outage turns into SERVICE_UNAVAILABLE
 * within `commandTimeout` rather than hanging logins; the client keeps
 * reconnecting in the background and recovers by itself.
 */
const connect = (url: string) => {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2_000,
    commandTimeout: 1_000,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  })
  let lastError = ''
  client.on('error', (error) => {
    // A down server emits the same error on every reconnect attempt.
    if (error.message !== lastError) {
      lastError = error.message
      logger.error({ err: error }, 'Redis connection error')
    }
  })
  client.on('ready', () => {
    lastError = ''
    logger.info('Redis connection ready')
  })
  return client
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

let client: Redis | undefined

export const redis = (): Redis => {
  if (!client) {
    const { redisUrl } = config()
    client = redisUrl ? connect(redisUrl) : inProcessStore()
  }
  return client
}

/** Tests point the app at a real server or a fresh in-memory one. */
export const useRedisClient = (next: Redis | undefined) => {
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
