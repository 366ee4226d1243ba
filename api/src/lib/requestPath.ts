import type { FastifyInstance, FastifyRequest } from 'fastify'

type UrlData = (this: FastifyRequest, key?: string) => unknown

// Letters, digits and `/ . _ ~ -` only: a path that a URL parser gives back
// unchanged. Percent-escapes, spaces and non-ASCII are normalised by one.
const PLAIN_PATH = /^\/[A-Za-z0-9/._~-]*$/

/** The request's path when it needs no URL parsing, else undefined. */
export const plainPath = (url: string): string | undefined => {
  const query = url.indexOf('?')
  const path = query === -1 ? url : url.slice(0, query)
  return PLAIN_PATH.test(path) ? path : undefined
}

/**
 * Redwood's function shim asks `@fastify/url-data` for every request's path,
 * and that plugin parses the whole URL with fast-uri each time: 10 % of
 * `verifyOtp`'s and 14 % of `twoFactorStatus`'s CPU in `scripts/bench
 * --profile`. For a plain path the answer is the text before `?`, so give it
 * directly and leave every other question to the plugin.
 */
export const usePlainRequestPaths = (server: FastifyInstance) => {
  server.addHook('onRequest', (request, _reply, done) => {
    const decorated = request as unknown as { urlData?: UrlData }
    const parse = decorated.urlData
    if (parse) {
      decorated.urlData = function (key) {
        const path =
          key === 'path'
            ? plainPath(this.headers[':path']?.toString() || this.raw.url || '')
            : undefined
        return path ?? parse.call(this, key)
      }
    }
    done()
  })
}
