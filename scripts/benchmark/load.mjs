// Drives the api with autocannon, one item (session, code, ...) per request.
import autocannon from 'autocannon'

const elapsedMs = (since) => Number(process.hrtime.bigint() - since) / 1e6

/**
 * Sends exactly one request per item over `connections` keep-alive
 * connections. Connections take the next item as soon as they are free, so
 * neighbouring items are in flight together (the security checks rely on
 * that to race duplicates against each other).
 *
 * Latency is timed here, per request, in microseconds: autocannon's own
 * histogram rounds to whole milliseconds, too coarse at one connection.
 * Throughput is requests over the time from the start to the last answer:
 * autocannon notices it is done only at its next sampling tick.
 */
export const runRound = async ({
  baseUrl,
  connections,
  items,
  toRequest,
  onResponse = () => {},
}) => {
  if (items.length === 0) {
    throw new Error('A round needs at least one item')
  }
  let handedOut = 0
  let lastAnswerAt
  const latenciesMs = []
  const startedAt = process.hrtime.bigint()
  const result = await autocannon({
    url: baseUrl,
    connections: Math.min(connections, items.length),
    amount: items.length,
    timeout: 60,
    // Checks for the end of the round every 10 ms instead of every second,
    // so the server's CPU is not read after a long idle tail.
    sampleInt: 10,
    requests: [
      {
        // autocannon builds each connection's next request right before
        // writing it, so this is also when the request leaves.
        setupRequest: (request, context) => {
          const item = items[handedOut++]
          if (item === undefined) {
            throw new Error('autocannon asked for more requests than items')
          }
          context.item = item
          context.sentAt = process.hrtime.bigint()
          return { ...request, ...toRequest(item) }
        },
        onResponse: (status, body, context, headers) => {
          lastAnswerAt = process.hrtime.bigint()
          latenciesMs.push(elapsedMs(context.sentAt))
          onResponse(context.item, { status, body, headers })
        },
      },
    ],
  })
  const seconds = Number(lastAnswerAt - startedAt) / 1e9
  if (result.errors || result.timeouts || latenciesMs.length !== items.length) {
    throw new Error(
      `Round lost requests: ${latenciesMs.length}/${items.length} answered, ` +
        `${result.errors} errors, ${result.timeouts} timeouts`
    )
  }
  return { count: items.length, seconds, latenciesMs }
}

/** Nearest-rank percentile of unsorted samples. */
export const percentile = (samples, p) => {
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.max(0, rank - 1)]
}
