import Fastify from 'fastify'

import { configureApiServer } from './apiServer'
import { beginLoginAttempt, forgetKnownAddressLocks } from './loginThrottle'
import { useRealRedisForEachTest } from './testing/twoFactorTestkit'

useRealRedisForEachTest()
beforeEach(() => forgetKnownAddressLocks())

/** The api server's hooks around a stand-in auth function that counts its calls. */
const apiServer = () => {
  const server = Fastify()
  const calls: unknown[] = []
  server.post('/auth', async (request) => {
    calls.push(request.body)
    return { ok: true }
  })
  configureApiServer(server)
  return { server, calls }
}

const post = (
  server: ReturnType<typeof Fastify>,
  payload: Record<string, unknown>,
  remoteAddress: string
) => server.inject({ method: 'POST', url: '/auth', payload, remoteAddress })

describe('the api server and a locked address', () => {
  it('answers its logins with 429 before the auth function runs, and nothing else', async () => {
    const locked = '192.0.2.44'
    let attempt
    for (let i = 0; i < 21; i++) {
      attempt = await beginLoginAttempt(`guess${i}@example.com`, locked)
    }
    expect(attempt).toMatchObject({ throttled: true })

    const { server, calls } = apiServer()
    const login = { method: 'login', username: 'a@example.com', password: 'x' }
    const refused = await post(server, login, locked)
    expect(refused.statusCode).toBe(429)
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    expect(refused.json()).toMatchObject({ code: 'LOGIN_THROTTLED' })
    expect(refused.headers['content-security-policy']).toBeDefined()
    expect(calls).toEqual([])

    // Other methods from that address, and logins from others, go through.
    expect((await post(server, { method: 'logout' }, locked)).statusCode).toBe(
      200
    )
    expect((await post(server, login, '192.0.2.45')).statusCode).toBe(200)
    expect(calls).toHaveLength(2)
  })
})
