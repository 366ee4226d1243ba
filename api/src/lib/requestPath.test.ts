import fastifyUrlData from '@fastify/url-data'
import fastUri from 'fast-uri'
import Fastify from 'fastify'

import { plainPath, usePlainRequestPaths } from './requestPath'

// The URL parser @fastify/url-data calls, counted.
jest.mock('fast-uri', () => {
  const actual = jest.requireActual('fast-uri')
  return { ...actual, parse: jest.fn(actual.parse) }
})

describe('request paths without URL parsing', () => {
  it('take the text before the query string when a parser would give it back unchanged', () => {
    expect(plainPath('/graphql')).toBe('/graphql')
    expect(plainPath('/auth?method=logout')).toBe('/auth')
    expect(plainPath('/.redwood/functions/graphql?x=1?y')).toBe(
      '/.redwood/functions/graphql'
    )
    expect(plainPath('/a/./b/../c')).toBe('/a/./b/../c')
  })

  it('leave percent-escapes, spaces, fragments and non-ASCII to the parser', () => {
    for (const url of ['/a%2Fb', '/a b', '/graphql#f', '/é', 'graphql', '']) {
      expect(plainPath(url)).toBeUndefined()
    }
  })

  it("answer what @fastify/url-data would, for Redwood's function shim", async () => {
    const server = Fastify()
    await server.register(fastifyUrlData)
    usePlainRequestPaths(server)
    server.all('/*', async (request) => {
      const { urlData } = request as unknown as {
        urlData: (key?: string) => unknown
      }
      return {
        path: urlData.call(request, 'path'),
        query: urlData.call(request, 'query'),
        host: (urlData.call(request) as { host: string }).host,
      }
    })
    const urls = ['/graphql?op=status', '/a%2Fb?x=1', '/a%20b', '/auth']
    const answers = await Promise.all(
      urls.map((url) => server.inject({ url }).then((r) => r.json()))
    )
    expect(answers).toEqual([
      { path: '/graphql', query: 'op=status', host: 'localhost' },
      { path: '/a/b', query: 'x=1', host: 'localhost' },
      { path: '/a%20b', host: 'localhost' },
      { path: '/auth', host: 'localhost' },
    ])
    await server.close()
  })
  it('parse no URL to give a plain path', async () => {
    const server = Fastify()
    await server.register(fastifyUrlData)
    usePlainRequestPaths(server)
    server.all('/*', async (request) =>
      (request as unknown as { urlData: (key: string) => unknown }).urlData(
        'path'
      )
    )
    const parse = jest.mocked(fastUri.parse)
    parse.mockClear()
    const plain = await server.inject({ url: '/graphql?operation=status' })
    expect(plain.body).toBe('/graphql')
    expect(parse).not.toHaveBeenCalled()
    const escaped = await server.inject({ url: '/a%2Fb' })
    expect(escaped.body).toBe('/a/b')
    expect(parse).toHaveBeenCalledTimes(1)
    await server.close()
  })
})
