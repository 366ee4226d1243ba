import crypto from 'node:crypto'

import type { FastifyInstance } from 'fastify'

/**
 * The security headers of every answer the app's servers give: the api
 * server (`api/src/server.ts`) and the web server (`api/src/webServer.ts`).
 * Both set them in an `onSend` hook, so Fastify's own answers (404, 413,
 * parse errors) carry them too.
 */

type Directives = Record<string, string[]>

const serialize = (directives: Directives) =>
  Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ')

const sha256Source = (text: string) =>
  `'sha256-${crypto.createHash('sha256').update(text, 'utf8').digest('base64')}'`

/** CSP sources allowing exactly the inline scripts of `html`, and no others. */
export const inlineScriptHashes = (html: string) =>
  [
    ...html.matchAll(/<script\b(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/gi),
  ].map((match) => sha256Source(match[1]))

/** Api answers are data, never documents: nothing may load, run or frame them. */
export const API_CONTENT_SECURITY_POLICY = serialize({
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
})

/**
 * The web app's pages: scripts only from the app's own origin (plus any
 * inline script the built page has, by hash), no plugins, no framing.
 */
export const pageContentSecurityPolicy = ({
  scriptHashes = [] as string[],
} = {}) =>
  serialize({
    'default-src': ["'self'"],
    'script-src': ["'self'", ...scriptHashes],
    // The toasts (react-hot-toast through goober) write their CSS into a
    // <style> element at run time, which no hash can name. Inline styles
    // cannot run code; scripts stay strict.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  })

/**
 * The development playground's page (`api/src/lib/playground.ts`) is one
 * inline script, allowed by its hash, and nothing from anywhere else.
 */
export const playgroundContentSecurityPolicy = (html: string) =>
  serialize({
    'default-src': ["'none'"],
    'script-src': inlineScriptHashes(html),
    // Looser than the app's pages, and only on this development-only page:
    // GraphiQL sets style attributes as it renders results, which no hash
    // can allow (a hash would also switch 'unsafe-inline' off).
    'style-src': ["'unsafe-inline'"],
    'img-src': ['data:'],
    'font-src': ['data:'],
    'connect-src': ["'self'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  })

/** A year, the value HSTS preload lists ask for. */
const HSTS = 'max-age=31536000; includeSubDomains'

const COMMON_HEADERS = {
  // Older browsers that ignore CSP's frame-ancestors still refuse to frame.
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  // The reset link carries its token in the URL: no path or query string
  // ever leaves in a Referer, and same-origin requests keep their Origin
  // header (which `no-referrer` would turn into `null`), which /auth checks.
  'referrer-policy': 'strict-origin',
  'cross-origin-opener-policy': 'same-origin',
}

export type SecurityHeaderOptions = {
  contentSecurityPolicy: string
  /** `no-store` for answers that carry a person's data. */
  cacheControl?: string
  /** Adds HSTS to answers to requests that came over HTTPS. */
  production: boolean
}

/**
 * Adds the headers to every answer of `server` that does not set its own:
 * a proxied api answer keeps the api's, a page with its own policy (the
 * playground) keeps that.
 */
export const useSecurityHeaders = (
  server: FastifyInstance,
  { contentSecurityPolicy, cacheControl, production }: SecurityHeaderOptions
) => {
  const headers: Record<string, string> = {
    ...COMMON_HEADERS,
    'content-security-policy': contentSecurityPolicy,
    ...(cacheControl ? { 'cache-control': cacheControl } : {}),
  }
  server.addHook('onSend', async (request, reply, payload) => {
    for (const [name, value] of Object.entries(headers)) {
      if (!reply.hasHeader(name)) {
        reply.header(name, value)
      }
    }
    // `protocol` reads X-Forwarded-Proto only from a trusted proxy (TRUST_PROXY).
    if (production && request.protocol === 'https') {
      reply.header('strict-transport-security', HSTS)
    }
    return payload
  })
}
