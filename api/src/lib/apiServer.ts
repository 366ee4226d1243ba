import type { FastifyInstance } from 'fastify'

import { isProductionLike } from './config'
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

/**
 * What the app adds to Redwood's api server once its routes are in: the
 * security headers, and a 404 for unknown paths that, unlike Fastify's own,
 * writes no URL (query string included) to the log.
 */
export const configureApiServer = (server: FastifyInstance) => {
  useSecurityHeaders(server, {
    contentSecurityPolicy: API_CONTENT_SECURITY_POLICY,
    // Every api answer is about someone's account or session.
    cacheControl: 'no-store',
    production: isProductionLike(),
  })
  server.setNotFoundHandler((_request, reply) => {
    reply.code(404).send({ error: 'Not found', code: 'NOT_FOUND' })
  })
}
