import { mockHttpEvent } from '@redwoodjs/testing/api'

import { inlineScriptHashes } from 'src/lib/securityHeaders'
import { invoke } from 'src/lib/testing/httpEvents'

import { handler } from './graphql'

const browserGet = (queryStringParameters: Record<string, string> | null) =>
  mockHttpEvent({
    httpMethod: 'GET',
    path: '/graphql',
    queryStringParameters,
    headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
  })

const withNodeEnv = async <T>(value: string, work: () => Promise<T>) => {
  const before = process.env.NODE_ENV
  process.env.NODE_ENV = value
  try {
    return await work()
  } finally {
    process.env.NODE_ENV = before
  }
}

describe('GraphQL playground', () => {
  it('serves a page that loads nothing from outside the app in development', async () => {
    const response = await withNodeEnv('development', () =>
      invoke(handler, browserGet(null))
    )

    expect(response.statusCode).toBe(200)
    expect(response.body).toContain('Redwood 2FA GraphQL playground')
    expect(response.body).toContain('renderYogaGraphiQL')
    // Every script and stylesheet is inline: no CDN, so it works offline.
    expect(response.body).not.toMatch(/<script[^>]+src=/i)
    expect(response.body).not.toMatch(/<link[^>]+rel="stylesheet"/i)
    expect(response.body).not.toContain('unpkg.com')
  })

  it('runs only its own inline script, by hash, and loads nothing', async () => {
    const response = await withNodeEnv('development', () =>
      invoke(handler, browserGet(null))
    )
    const policy = String(
      response.headers?.['content-security-policy'] ??
        response.multiValueHeaders?.['content-security-policy']?.[0]
    )
    const sources = (directive: string) =>
      policy.match(new RegExp(`(?:^|; )${directive} ([^;]*)`))?.[1].split(' ')

    expect(sources('default-src')).toEqual(["'none'"])
    expect(sources('script-src')).toEqual(inlineScriptHashes(response.body))
    expect(sources('script-src')).toHaveLength(1)
    expect(sources('connect-src')).toEqual(["'self'"])
    expect(sources('frame-ancestors')).toEqual(["'none'"])
    expect(policy).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/)
  })

  it('is not served outside development', async () => {
    const response = await withNodeEnv('production', () =>
      invoke(handler, browserGet(null))
    )

    expect(response.body ?? '').not.toContain('Redwood 2FA GraphQL playground')
  })

  it('still answers GraphQL sent by GET from a browser', async () => {
    const response = await withNodeEnv('development', () =>
      invoke(handler, browserGet({ query: '{ redwood { version } }' }))
    )

    expect(response.body).not.toContain('renderYogaGraphiQL')
    expect(JSON.parse(response.body ?? '{}').data).toEqual({
      redwood: { version: expect.any(String) },
    })
  })
})
