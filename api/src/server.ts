import { createServer } from '@redwoodjs/api-server'

import { apiServerOptions, configureApiServer } from 'src/lib/apiServer'
import { logger } from 'src/lib/logger'

/**
 * The api server (`yarn rw serve`, `yarn rw dev`): Redwood's own, with the
 * app's body limit, security headers and request logging.
 */
async function main() {
  const server = await createServer({
    logger,
    fastifyServerOptions: apiServerOptions(),
  })
  configureApiServer(server)
  await server.start()
}

main().catch((error) => {
  // A refused configuration (a weak key, no REDIS_URL in production) ends
  // up here: say why, and exit non-zero so a supervisor sees the failure.
  console.error(error)
  process.exit(1)
})
