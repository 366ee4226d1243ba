import Fastify from 'fastify'

import {
  API_CONTENT_SECURITY_POLICY,
  inlineScriptHashes,
  pageContentSecurityPolicy,
  useSecurityHeaders,
} from './securityHeaders'

/** A server with the api's headers and the routes the tests need. */
const apiServer = async ({
  production = false,
  trustProxy = false,
}: { production?: boolean; trustProxy?: boolean } = {}) => {
  const server = Fastify({ trustProxy })
  await server.register(async (functions) => {
    functions.post('/auth', async () => ({ ok: true }))
    functions.get('/own-policy', async (_request, reply) => {
      reply.header('content-security-policy', "default-src 'self'")
      return 'page'
    })
  })
  useSecurityHeaders(server, {
    contentSecurityPolicy: API_CONTENT_SECURITY_POLICY,
    cacheControl: 'no-store',
    production,
  })
  return server
}

describe('security headers', () => {
  it('are on an answer, a 404 and a refused body alike', async () => {
    const server = await apiServer()
    const answers = await Promise.all([
      server.inject({ method: 'POST', url: '/auth', payload: {} }),
      server.inject({ method: 'GET', url: '/nothing-here' }),
      server.inject({
        method: 'POST',
        url: '/auth',
        headers: { 'content-type': 'application/json' },
        payload: '{"not json',
      }),
    ])
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 404, 400])
    for (const { headers } of answers) {
      expect(headers).toMatchObject({
        'content-security-policy': expect.stringContaining(
          "frame-ancestors 'none'"
        ),
        'x-frame-options': 'DENY',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'strict-origin',
        'cache-control': 'no-store',
      })
      expect(headers['content-security-policy']).toContain("default-src 'none'")
      expect(headers['strict-transport-security']).toBeUndefined()
    }
  })

  it('leave an answer its own policy', async () => {
    const server = await apiServer()
    const answer = await server.inject({ method: 'GET', url: '/own-policy' })
    expect(answer.headers['content-security-policy']).toBe("default-src 'self'")
    expect(answer.headers['x-frame-options']).toBe('DENY')
  })

  it('add HSTS in production to requests that came over HTTPS', async () => {
    const behindTls = { 'x-forwarded-proto': 'https' }
    const production = await apiServer({ production: true, trustProxy: true })
    const development = await apiServer({ trustProxy: true })
    const untrusted = await apiServer({ production: true })

    const overHttps = await production.inject({ url: '/x', headers: behindTls })
    expect(overHttps.headers['strict-transport-security']).toBe(
      'max-age=31536000; includeSubDomains'
    )
    // Over plain HTTP a browser ignores HSTS; a forged X-Forwarded-Proto from
    // an untrusted client does not count; development never pins a host.
    for (const answer of [
      await production.inject({ url: '/x' }),
      await untrusted.inject({ url: '/x', headers: behindTls }),
      await development.inject({ url: '/x', headers: behindTls }),
    ]) {
      expect(answer.headers['strict-transport-security']).toBeUndefined()
    }
  })
})

describe('page content security policy', () => {
  it('runs no inline script unless it is named by its hash', () => {
    const policy = pageContentSecurityPolicy()
    const scriptSources = policy.match(/script-src ([^;]*)/)[1]
    expect(scriptSources).toBe("'self'")
    expect(policy).toContain("object-src 'none'")
    expect(policy).toContain("frame-ancestors 'none'")
    expect(policy).not.toContain('unsafe-eval')
  })

  it('names inline scripts by the hash browsers compute', () => {
    // The example of the CSP Level 3 specification, section "hash-source".
    const html = `<p>x</p><script>alert('Hello, world.');</script>
      <script type="module" src="/assets/index.js"></script>`
    expect(inlineScriptHashes(html)).toEqual([
      "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='",
    ])
    expect(
      pageContentSecurityPolicy({ scriptHashes: inlineScriptHashes(html) })
    ).toContain(
      "script-src 'self' 'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
    )
  })
})
