import Redis from 'ioredis'

/** The Redis the integration tests use: db 15, flushed before each test. */
export const TEST_REDIS_URL =
  process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/15'

/** A client for the test Redis, not yet connected. */
export const testRedisClient = (url = TEST_REDIS_URL) => {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => (times > 3 ? null : 200),
  })
  client.on('error', () => {
    // Reported by the failing command below; keeps Jest's output clean.
  })
  return client
}

/**
 * Connects `client` or throws: these tests must fail, never skip, when no
 * server is there.
 */
export const ensureConnected = async (client: Redis, url = TEST_REDIS_URL) => {
  try {
    await client.connect()
    await client.ping()
  } catch (error) {
    client.disconnect()
    throw new Error(
      `These tests need a real Redis at ${url} (set TEST_REDIS_URL): ${
        (error as Error).message
      }`
    )
  }
  return client
}

/** Connects to the test Redis or throws (see `ensureConnected`). */
export const connectTestRedis = async (url = TEST_REDIS_URL) =>
  ensureConnected(testRedisClient(url), url)

/** The stable `extensions.code` of a refusal. */
export const codeOf = async (work: unknown) => {
  try {
    await work
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code
  }
  throw new Error('expected a refusal')
}

/** A well-formed code that is not `right`. */
export const wrongCode = (right: string) =>
  String((Number(right) + 1) % 1_000_000).padStart(6, '0')
