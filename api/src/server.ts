import { createServer } from '@redwoodjs/api-server'

import { isProductionLike } from 'src/lib/config'
import { logger } from 'src/lib/logger'
import {
  API_CONTENT_SECURITY_POLICY,
  useSecurityHeaders,
} from 'src/lib/securityHeaders'
import { trustProxyFrom } from 'src/lib/trustProxy'

/**
 * The api server (`yarn rw serve`, `yarn rw dev`): Redwood's own, with the
 * app's security headers on every answer.
 */
async function main() {
  const server = await createServer({
    logger,
    fastifyServerOptions: {
      requestTimeout: 15_000,
      trustProxy: trustProxyFrom(),
    },
  })

  useSecurityHeaders(server, {
    contentSecurityPolicy: API_CONTENT_SECURITY_POLICY,
    // Every api answer is about someone's account or session.
    cacheControl: 'no-store',
    production: isProductionLike(),
  })

  await server.start()
}

main().catch((error) => {
  // A refused configuration (a weak key, no REDIS_URL in production) ends
  // up here: say why, and exit non-zero so a supervisor sees the failure.
  console.error(error)
  process.exit(1)
})
