import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'

import Fastify, { errorCodes } from 'fastify'

import { redwoodFastifyWeb } from '@redwoodjs/fastify-web'
import { getConfig, getPaths } from '@redwoodjs/project-config'

import { API_BODY_LIMIT_BYTES } from 'src/lib/apiServer'
import { isProductionLike } from 'src/lib/config'
import { logRefusalsWithoutStack } from 'src/lib/refusalLogging'
import { requestLogSerializers } from 'src/lib/requestLogging'
import {
  inlineScriptHashes,
  pageContentSecurityPolicy,
  useSecurityHeaders,
} from 'src/lib/securityHeaders'
import { trustProxyFrom } from 'src/lib/trustProxy'

/**
 * The web server of `yarn rw serve`: Redwood's own (the same Fastify plugin
 * `@redwoodjs/web-server` registers, with the same options) plus the app's
 * security headers, which Redwood 8.9's web server has no setting for.
 * `yarn rw serve` starts it by the name `rw-web-server`; the root
 * package.json's script of that name points here (after `yarn rw build`).
 */

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', short: 'p' },
    host: { type: 'string' },
    'api-proxy-target': { type: 'string' },
    apiProxyTarget: { type: 'string' },
    // Redwood's deprecated name for the proxy target.
    'api-host': { type: 'string' },
    apiHost: { type: 'string' },
  },
  strict: false,
})

const asString = (value: unknown) =>
  typeof value === 'string' ? value : undefined

/** Every inline script of the built pages, so the policy can allow it by hash. */
const builtPageScriptHashes = () => {
  const dist = getPaths().web.dist
  return fs
    .readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.html'))
    .flatMap((file) =>
      inlineScriptHashes(fs.readFileSync(path.join(dist, file), 'utf8'))
    )
}

async function main() {
  const port = Number(
    asString(args.port) ?? process.env.REDWOOD_WEB_PORT ?? getConfig().web.port
  )
  const host =
    asString(args.host) ??
    process.env.REDWOOD_WEB_HOST ??
    getConfig().web.host ??
    (process.env.NODE_ENV === 'production' ? '0.0.0.0' : '::')
  const apiProxyTarget =
    asString(args['api-proxy-target']) ??
    asString(args.apiProxyTarget) ??
    asString(args['api-host']) ??
    asString(args.apiHost)

  const server = Fastify({
    requestTimeout: 15_000,
    trustProxy: trustProxyFrom(),
    logger: {
      level:
        process.env.LOG_LEVEL ??
        (process.env.NODE_ENV === 'development' ? 'debug' : 'warn'),
      // A reset link's token is in the page's query string.
      serializers: requestLogSerializers,
      // A refused request (413, 415) is logged without its error's stack.
      hooks: { logMethod: logRefusalsWithoutStack },
    },
  })

  useSecurityHeaders(server, {
    contentSecurityPolicy: pageContentSecurityPolicy({
      scriptHashes: [...new Set(builtPageScriptHashes())],
    }),
    production: isProductionLike(),
  })
  // The proxy streams bodies to the api unread; past the api's limit the api
  // answers 413 before reading it all, and the proxy, still writing, would
  // see a broken pipe and answer 500. So an oversized body stops here.
  server.addHook('onRequest', async (request) => {
    if (Number(request.headers['content-length']) > API_BODY_LIMIT_BYTES) {
      throw new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE()
    }
  })
  await server.register(redwoodFastifyWeb, {
    redwood: { apiProxyTarget },
  })

  const address = await server.listen({ port, host })
  console.log(`Web server listening at ${address}`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
