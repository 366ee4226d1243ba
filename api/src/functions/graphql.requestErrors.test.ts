import { mockHttpEvent } from '@redwoodjs/testing/api'

import {
  graphqlEvent,
  invoke,
  sessionCookieName,
} from 'src/lib/testing/httpEvents'

import { handler } from './graphql'

type GraphQLBody = {
  data?: unknown
  errors?: { message: string; extensions?: Record<string, unknown> }[]
}

const post = async (query: string, cookie?: string) => {
  const response = await invoke(
    handler,
    graphqlEvent({ query }, { cookie, userId: 1 })
  )
  return {
    status: response.statusCode,
    body: JSON.parse(response.body ?? '{}') as GraphQLBody,
  }
}

const aliases = (count: number) =>
  `{ ${Array.from({ length: count }, (_, i) => `a${i}: redwood { version }`).join(' ')} }`

/** A refusal the client can act on: below 500, one error, a stable code, no stack. */
const expectRefusal = (
  { status, body }: Awaited<ReturnType<typeof post>>,
  code: string
) => {
  expect(status).toBeLessThan(500)
  expect(body.data ?? null).toBeNull()
  expect(body.errors).toHaveLength(1)
  expect(body.errors[0].extensions?.code).toBe(code)
  expect(JSON.stringify(body)).not.toMatch(/stack|\bat .*\.js|\/work\//)
}

describe('requests GraphQL refuses before running them', () => {
  it('a syntax error is GRAPHQL_PARSE_FAILED, not a 500', async () => {
    const answer = await post('{ twoFactorStatus { enabled }')
    expectRefusal(answer, 'GRAPHQL_PARSE_FAILED')
    expect(answer.body.errors[0].message).toMatch(/^Syntax Error/)
  })

  it('more than 1,000 tokens is refused while parsing', async () => {
    const answer = await post(`{ ${'redwood { version } '.repeat(300)}}`)
    expectRefusal(answer, 'GRAPHQL_PARSE_FAILED')
    expect(answer.body.errors[0].message).toMatch(/Token limit/)
  })

  it('more than 15 aliases is GRAPHQL_VALIDATION_FAILED; 15 run', async () => {
    expectRefusal(await post(aliases(16)), 'GRAPHQL_VALIDATION_FAILED')

    const fifteen = await post(aliases(15))
    expect(fifteen.status).toBe(200)
    expect(Object.keys(fifteen.body.data)).toHaveLength(15)
  })

  it('an unknown field is GRAPHQL_VALIDATION_FAILED and suggests no real field', async () => {
    const answer = await post('{ twoFactorStatu { enabled } }')
    expectRefusal(answer, 'GRAPHQL_VALIDATION_FAILED')
    expect(answer.body.errors[0].message).not.toMatch(/Did you mean/)
    expect(answer.body.errors[0].message).not.toContain('"twoFactorStatus"')
  })

  it('a session cookie that does not decrypt reads as signed out', async () => {
    for (const value of ['garbage', 'Zm9vYmFy|AAAAAAAAAAAAAAAAAAAAAA==']) {
      const answer = await post(
        '{ twoFactorStatus { enabled } }',
        `${sessionCookieName()}=${value}`
      )
      expectRefusal(answer, 'UNAUTHENTICATED')
    }
  })
})

describe('what /graphql reads', () => {
  it.each([
    [
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{"query":"{ redwood { version } }"}\r\n--x--\r\n',
    ],
    ['text/plain', '{"query":"{ redwood { version } }"}'],
    [
      'application/x-www-form-urlencoded',
      'query=%7B%20redwood%20%7B%20version%20%7D%20%7D',
    ],
    ['application/graphql', '{ redwood { version } }'],
  ])(
    'a %s body is refused with 415 before it is read',
    async (contentType, body) => {
      const response = await invoke(
        handler,
        mockHttpEvent({
          httpMethod: 'POST',
          path: '/graphql',
          payload: body,
          headers: { 'content-type': contentType },
        })
      )
      expect(response.statusCode).toBe(415)
      expect(JSON.parse(response.body).errors[0].extensions.code).toBe(
        'UNSUPPORTED_MEDIA_TYPE'
      )
    }
  )

  it('JSON bodies and GET queries still run', async () => {
    const post = await invoke(
      handler,
      graphqlEvent({ query: '{ redwood { version } }' })
    )
    const get = await invoke(
      handler,
      mockHttpEvent({
        httpMethod: 'GET',
        path: '/graphql',
        queryStringParameters: { query: '{ redwood { version } }' },
      })
    )
    for (const response of [post, get]) {
      expect(response.statusCode).toBe(200)
      expect(JSON.parse(response.body).data.redwood.version).toEqual(
        expect.any(String)
      )
    }
  })
})
