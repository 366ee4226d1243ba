/**
 * Which Redis the app talks to, read from the environment: one server
 * (REDIS_URL), a Redis Cluster (REDIS_CLUSTER_NODES) or a master found through
 * Sentinel (REDIS_SENTINELS + REDIS_SENTINEL_NAME). Exactly one may be set;
 * anything ambiguous or malformed stops the api at start with a message that
 * names the variable.
 */

export type RedisNode = { host: string; port: number }

export type RedisConnectionConfig =
  | { mode: 'single'; url: string; replicaAcks: number }
  | { mode: 'cluster'; nodes: RedisNode[]; replicaAcks: number }
  | {
      mode: 'sentinel'
      sentinels: RedisNode[]
      name: string
      replicaAcks: number
    }

type Env = Record<string, string | undefined>

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/

/** `host:port,host:port` (IPv6 as `[::1]:7000`) into nodes, or a clear error. */
export const parseNodeList = (name: string, raw: string): RedisNode[] => {
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
  if (entries.length === 0) {
    throw new Error(`${name} must list host:port entries, comma-separated`)
  }
  return entries.map((entry) => {
    const match = entry.match(HOST_PORT)
    const port = Number(match?.[2])
    if (!match || port < 1 || port > 65535) {
      throw new Error(
        `${name} must list host:port entries, comma-separated (e.g. 10.0.0.1:6379,10.0.0.2:6379); "${entry}" is not one`
      )
    }
    return { host: match[1].replace(/^\[|\]$/g, ''), port }
  })
}

/**
 * Replicas that must have a write before a script's answer counts
 * (REDIS_REPLICA_ACKS, Redis's WAIT). Redis replicates asynchronously: when a
 * replica is promoted, writes it had not received are gone, and a code that
 * was used would be usable again. With Sentinel there is a replica to
 * promote, so the default is 1; a single server has none.
 */
const replicaAcks = (env: Env, fallback: number) => {
  const raw = env.REDIS_REPLICA_ACKS
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0 || value > 16) {
    throw new Error(
      `REDIS_REPLICA_ACKS must be a whole number from 0 to 16 (got "${raw}")`
    )
  }
  return value
}

/** The configured Redis, or undefined when none is (the in-process store). */
export const redisConnectionConfig = (
  env: Env = process.env
): RedisConnectionConfig | undefined => {
  const url = env.REDIS_URL || undefined
  const clusterNodes = env.REDIS_CLUSTER_NODES || undefined
  const sentinels = env.REDIS_SENTINELS || undefined
  const sentinelName = env.REDIS_SENTINEL_NAME || undefined

  const chosen = [
    url && 'REDIS_URL',
    clusterNodes && 'REDIS_CLUSTER_NODES',
    sentinels && 'REDIS_SENTINELS',
  ].filter(Boolean)
  if (chosen.length > 1) {
    throw new Error(
      `Set only one of REDIS_URL, REDIS_CLUSTER_NODES and REDIS_SENTINELS (got ${chosen.join(' and ')})`
    )
  }
  if (sentinelName && !sentinels) {
    throw new Error(
      'REDIS_SENTINEL_NAME is set without REDIS_SENTINELS (the sentinels to ask for that master, host:port, comma-separated)'
    )
  }
  if (url) {
    return { mode: 'single', url, replicaAcks: replicaAcks(env, 0) }
  }
  if (clusterNodes) {
    return {
      mode: 'cluster',
      nodes: parseNodeList('REDIS_CLUSTER_NODES', clusterNodes),
      replicaAcks: replicaAcks(env, 0),
    }
  }
  if (sentinels) {
    if (!sentinelName) {
      throw new Error(
        'REDIS_SENTINELS needs REDIS_SENTINEL_NAME: the name the sentinels monitor the master by (e.g. mymaster)'
      )
    }
    return {
      mode: 'sentinel',
      sentinels: parseNodeList('REDIS_SENTINELS', sentinels),
      name: sentinelName,
      replicaAcks: replicaAcks(env, 1),
    }
  }
  return undefined
}
