import { createServer } from '@redwoodjs/api-server'

import { apiServerOptions, configureApiServer } from 'src/lib/apiServer'
import { config } from 'src/lib/config'
import { shutDownOnSignals } from 'src/lib/gracefulShutdown'
import { useHealthRoutes } from 'src/lib/health'
import { logger } from 'src/lib/logger'

/**
 * The api server (`yarn rw serve`, `yarn rw dev`): Redwood's own, with the
 * app's body limit, security headers, request logging, health endpoints and
 * a graceful shutdown on SIGTERM.
 */
async function main() {
  const server = await createServer({
    logger,
    fastifyServerOptions: apiServerOptions(),
  })
  configureApiServer(server)
  // Here, not in configureApiServer: the web server imports that module, and
  // must not load the database client.
  useHealthRoutes(server)
  shutDownOnSignals(server, {
    graceMs: config().server.shutdownGraceSeconds * 1000,
  })
  await server.start()
}

main().catch((error) => {
  // A refused configuration (a weak key, no REDIS_URL in production) ends
  // up here: say why, and exit non-zero so a supervisor sees the failure.
  console.error(error)
  process.exit(1)
})
