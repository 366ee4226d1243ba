/**
 * How Fastify's request lines (both servers') show a request. Query strings
 * carry what must not reach a log: a reset token in a page link, an email,
 * `?method=` calls with their arguments. Only the path is kept.
 */

export const withoutQuery = (url: string | undefined) => {
  if (url === undefined) {
    return undefined
  }
  const query = url.indexOf('?')
  return query === -1 ? url : `${url.slice(0, query)}?[redacted]`
}

type LoggedRequest = {
  method?: string
  url?: string
  hostname?: string
  ip?: string
  socket?: { remotePort?: number }
}

export const requestLogSerializers = {
  req: (request: LoggedRequest) => ({
    method: request.method,
    url: withoutQuery(request.url),
    hostname: request.hostname,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  }),
}
