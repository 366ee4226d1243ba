import Redis, { Cluster } from 'ioredis'

import { parseNodeList } from '../redis/connectionConfig'

/** The Redis the integration tests use: db 15, flushed before each test. */
export const TEST_REDIS_URL =
  process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/15'

/**
 * A Redis Cluster to run the same tests on instead (host:port of its nodes,
 * comma-separated); a cluster has only db 0, and all of it is flushed.
 */
export const TEST_REDIS_CLUSTER_NODES =
  process.env.TEST_REDIS_CLUSTER_NODES || undefined

/**
 * A cluster client that the tests can use as they use a single server's:
 * FLUSHDB and KEYS, which a cluster client would send to one node only, go
 * to every master. The app's code never calls either.
 */
const testClusterClient = (nodeList: string) => {
  const cluster = new Cluster(
    parseNodeList('TEST_REDIS_CLUSTER_NODES', nodeList),
    {
      lazyConnect: true,
      clusterRetryStrategy: (times) => (times > 3 ? null : 200),
      redisOptions: { connectTimeout: 2_000, maxRetriesPerRequest: 1 },
    }
  )
  const masters = () => cluster.nodes('master')
  Object.assign(cluster, {
    flushdb: async () => {
      await Promise.all(masters().map((node) => node.flushdb()))
      return 'OK'
    },
    keys: async (pattern: string) =>
      (await Promise.all(masters().map((node) => node.keys(pattern)))).flat(),
  })
  // The tests' checks use commands both clients have.
  return cluster as unknown as Redis
}

/** A client for the test Redis (or the test cluster), not yet connected. */
export const testRedisClient = (url = TEST_REDIS_URL) => {
  if (TEST_REDIS_CLUSTER_NODES && url === TEST_REDIS_URL) {
    const cluster = testClusterClient(TEST_REDIS_CLUSTER_NODES)
    cluster.on('error', () => {})
    return cluster
  }
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
      `These tests need a real Redis at ${TEST_REDIS_CLUSTER_NODES ?? url} (set TEST_REDIS_URL or TEST_REDIS_CLUSTER_NODES): ${
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
