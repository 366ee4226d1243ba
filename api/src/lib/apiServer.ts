import type { FastifyInstance, FastifyRequest } from 'fastify'

import { DbAuthHandler } from '@redwoodjs/auth-dbauth-api'

import { isProductionLike } from './config'
import { knownAddressLockMs, throttledLoginAnswer } from './loginThrottle'
import { redis } from './redis/client'
import { assertRedisNeverEvicts } from './redis/evictionPolicy'
import { usePlainRequestPaths } from './requestPath'
import {
  API_CONTENT_SECURITY_POLICY,
  useSecurityHeaders,
} from './securityHeaders'
import { trustProxyFrom } from './trustProxy'

// Sign-in and GraphQL bodies are a few hundred bytes and nothing here takes
// uploads: larger bodies are refused (413) before they are parsed.
export const API_BODY_LIMIT_BYTES = 100 * 1024

/** Fastify options of the api server (api/src/server.ts). */
export const apiServerOptions = () => ({
  requestTimeout: 15_000,
  trustProxy: trustProxyFrom(),
  bodyLimit: API_BODY_LIMIT_BYTES,
})

/** A login POSTed to the auth function, its method read as dbAuth reads it. */
const isLogin = (request: FastifyRequest) => {
  if (request.method !== 'POST' || !/\/auth$/.test(request.url.split('?')[0])) {
    return false
  }
  const fromQuery = (request.query as { method?: unknown } | undefined)?.method
  const method = (DbAuthHandler.METHODS as unknown[]).includes(fromQuery)
    ? fromQuery
    : (request.body as { method?: unknown } | undefined)?.method
  return method === 'login'
}

/**
 * What the app adds to Redwood's api server once its routes are in: the
 * security headers; a 404 for unknown paths that, unlike Fastify's own,
 * writes no URL (query string included) to the log; and the answer to a
 * login from an address this process knows is locked, given before the auth
 * function runs, so a client that ignores Retry-After costs next to nothing.
 * Under production rules it starts only on a Redis that never evicts keys.
 */
export const configureApiServer = (server: FastifyInstance) => {
  usePlainRequestPaths(server)
  useSecurityHeaders(server, {
    contentSecurityPolicy: API_CONTENT_SECURITY_POLICY,
    // Every api answer is about someone's account or session.
    cacheControl: 'no-store',
    production: isProductionLike(),
  })
  server.addHook('preHandler', async (request, reply) => {
    const waitMs = isLogin(request) ? knownAddressLockMs(request.ip) : 0
    if (waitMs > 0) {
      const { statusCode, headers, body } = throttledLoginAnswer(waitMs)
      return reply.code(statusCode).headers(headers).send(body)
    }
  })
  // Under production rules the server does not start on a Redis that could
  // evict attempt counters, locks and sessions (lib/redis/evictionPolicy.ts).
  server.addHook('onReady', async () => {
    if (isProductionLike()) await assertRedisNeverEvicts(redis())
  })
  server.setNotFoundHandler((_request, reply) => {
    reply.code(404).send({ error: 'Not found', code: 'NOT_FOUND' })
  })
}
