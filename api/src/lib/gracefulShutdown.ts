import type { FastifyInstance } from 'fastify'

import { db } from './db'
import { logger } from './logger'
import { closeRedis } from './redis/client'

/**
 * How the api server stops when its orchestrator asks (SIGTERM: a deploy, a
 * scale-down, `docker stop`) or on Ctrl-C (SIGINT): it stops listening, so
 * new connections are refused and the balancer moves on; the requests it has
 * already begun run to their answer; then its Redis and database connections
 * are closed and it exits 0. A request that is still running when the grace
 * period ends does not keep it: the process exits 1 then, before the
 * orchestrator's own deadline kills it mid-write (Docker waits 10 s,
 * Kubernetes 30 s).
 */

export type ShutdownOptions = {
  /** How long the requests in flight get before the process gives up on them. */
  graceMs: number
  /** Closes what the process holds open besides its listener. */
  closeConnections?: () => Promise<void>
}

/** The app's clients: Redis after its pending replies (QUIT), the database pool. */
export const closeAppConnections = async () => {
  const results = await Promise.allSettled([closeRedis(), db.$disconnect()])
  for (const result of results) {
    if (result.status === 'rejected') {
      logger.warn({ err: result.reason }, 'A connection did not close cleanly')
    }
  }
}

/**
 * Answers sent while the server closes say `Connection: close`, so a client
 * whose request was in flight knows not to send another on that connection.
 * The hook is synchronous on purpose: Redwood's answer for an unknown
 * function is sent without `return reply`, and one more asynchronous onSend
 * step gave Fastify time to send it a second time, which threw
 * ERR_HTTP_HEADERS_SENT and ended the process.
 */
const closingConnections = (server: FastifyInstance) => {
  let closing = false
  server.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close')
    done(null, payload)
  })
  return () => {
    closing = true
  }
}

/**
 * Closes `server` gracefully, then the connections. Resolves with the exit
 * code: 0 when everything in flight finished in time, 1 when the grace period
 * ran out first or closing failed.
 */
export const shutDown = async (
  server: FastifyInstance,
  { graceMs, closeConnections = closeAppConnections }: ShutdownOptions,
  markClosing: () => void = () => {}
): Promise<0 | 1> => {
  markClosing()
  let timer: NodeJS.Timeout | undefined
  const gaveUp = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), graceMs)
  })
  // Node closes the connections that are idle when the server closes, not
  // those that become idle after their answer: without this sweep a
  // keep-alive connection would hold the close open until it times out.
  const sweep = setInterval(() => server.server.closeIdleConnections(), 100)
  const closed = (async () => {
    // Stops listening at once; resolves once every request has been answered.
    await server.close()
    clearInterval(sweep)
    await closeConnections()
    return 'closed' as const
  })()
  try {
    const result = await Promise.race([closed, gaveUp])
    if (result === 'timeout') {
      logger.error(
        { graceMs },
        'Requests were still running when the shutdown grace period ended'
      )
      return 1
    }
    return 0
  } catch (error) {
    logger.error({ err: error }, 'The api server did not close cleanly')
    return 1
  } finally {
    clearTimeout(timer)
    clearInterval(sweep)
  }
}

/**
 * Installs the shutdown on SIGTERM and SIGINT. Call before the server starts
 * listening (it adds a hook). A repeated signal does not cut the grace period
 * short: a process group signal and a wrapper that forwards it (yarn) can
 * deliver the same request twice, and the grace period bounds the wait anyway.
 */
export const shutDownOnSignals = (
  server: FastifyInstance,
  options: ShutdownOptions,
  exit: (code: number) => void = (code) => process.exit(code)
) => {
  const markClosing = closingConnections(server)
  let started = false
  const onSignal = async (signal: NodeJS.Signals) => {
    if (started) return
    started = true
    logger.info(
      { signal, graceMs: options.graceMs },
      'Shutting down: refusing new connections, finishing requests in flight'
    )
    const code = await shutDown(server, options, markClosing)
    if (code === 0) logger.info('Shut down cleanly')
    exit(code)
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, onSignal)
  }
  return () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.off(signal, onSignal)
    }
  }
}
