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
