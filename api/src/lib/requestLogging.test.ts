import Fastify from 'fastify'
import pino from 'pino'

import { apiServerOptions, configureApiServer } from './apiServer'
import { loggerOptions } from './logger'

describe('request log lines', () => {
  it('keep the path and leave out the query string', async () => {
    const lines: string[] = []
    const log = pino(
      { ...loggerOptions, level: 'info' },
      { write: (line: string) => lines.push(line) }
    )
    // The api server as api/src/server.ts builds it, with the app's logger.
    const server = Fastify({ ...apiServerOptions(), logger: log })
    server.get('/auth', async () => 'ok')
    configureApiServer(server)

    await server.inject('/auth?method=getToken&email=ada%40example.com')
    const missing = await server.inject(
      '/reset-password/x?resetToken=Zm9vYmFyYmF6cXV4'
    )
    expect(missing.statusCode).toBe(404)

    const urls = lines.map((line) => JSON.parse(line).req?.url).filter(Boolean)
    expect(urls).toEqual(['/auth?[redacted]', '/reset-password/x?[redacted]'])
    expect(lines.join('\n')).not.toMatch(/getToken|ada%40|Zm9vYmFy|resetToken/)
  })
})
