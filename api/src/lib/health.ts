import { performance } from 'node:perf_hooks'

import type { FastifyInstance } from 'fastify'

import { db } from './db'
import { redis } from './redis/client'

/**
 * What load balancers and orchestrators ask the api server:
 *   GET /health  the process is up and serving (touches nothing else), for a
 *                liveness probe: restarting the process is its remedy;
 *   GET /ready   Redis and the database answer, for a readiness probe: while
 *                either is down the instance can only refuse (the app fails
 *                closed), so traffic should go elsewhere until it is back.
 */

/**
 * Each dependency gets this long to answer. A probe that waits longer than
 * the balancer's own timeout reports nothing; Redis commands already give up
 * after 1 s (api/src/lib/redis/client.ts).
 */
export const READY_CHECK_TIMEOUT_MS = 1_000

export type DependencyCheck =
  | { status: 'up'; latencyMs: number }
  // Only these words: a driver's error text can carry a host or a password.
  | { status: 'down'; reason: 'timeout' | 'error' }

export type Probe = () => Promise<unknown>

/** How the app's own clients are asked: the cheapest round trip each has. */
export const appProbes = (): Record<'redis' | 'database', Probe> => ({
  redis: () => redis().ping(),
  database: () => db.$queryRaw`SELECT 1`,
})

const roundedMs = (ms: number) => Math.round(ms * 10) / 10

export const checkDependency = async (
  probe: Probe,
  timeoutMs = READY_CHECK_TIMEOUT_MS
): Promise<DependencyCheck> => {
  const started = performance.now()
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs)
  })
  // Started first so a probe that throws synchronously is still caught here.
  const answered = Promise.resolve()
    .then(probe)
    .then(
      () => 'up' as const,
      () => 'error' as const
    )
  try {
    const result = await Promise.race([answered, timedOut])
    return result === 'up'
      ? { status: 'up', latencyMs: roundedMs(performance.now() - started) }
      : { status: 'down', reason: result }
  } finally {
    clearTimeout(timer)
  }
}

export type Readiness = {
  status: 'ready' | 'unavailable'
  redis: DependencyCheck
  database: DependencyCheck
}

/** Both dependencies at once, so the answer takes at most one timeout. */
export const checkReadiness = async (
  probes = appProbes(),
  timeoutMs = READY_CHECK_TIMEOUT_MS
): Promise<Readiness> => {
  const [redisCheck, databaseCheck] = await Promise.all([
    checkDependency(probes.redis, timeoutMs),
    checkDependency(probes.database, timeoutMs),
  ])
  const ready = redisCheck.status === 'up' && databaseCheck.status === 'up'
  return {
    status: ready ? 'ready' : 'unavailable',
    redis: redisCheck,
    database: databaseCheck,
  }
}

/**
 * Adds GET /health and GET /ready to the api server. Balancers poll these
 * every few seconds: their request lines are left out of the log (Fastify's
 * are `info`), while warnings and errors still show.
 */
export const useHealthRoutes = (
  server: FastifyInstance,
  { probes = appProbes, timeoutMs = READY_CHECK_TIMEOUT_MS } = {}
) => {
  const quiet = { logLevel: 'warn' as const }
  server.get('/health', quiet, async (_request, reply) => {
    reply.header('cache-control', 'no-store')
    return { status: 'ok' }
  })
  server.get('/ready', quiet, async (_request, reply) => {
    const readiness = await checkReadiness(probes(), timeoutMs)
    reply.header('cache-control', 'no-store')
    reply.code(readiness.status === 'ready' ? 200 : 503)
    return readiness
  })
}
