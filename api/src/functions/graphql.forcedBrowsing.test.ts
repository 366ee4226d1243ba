import type {
  GraphQLArgument,
  GraphQLField,
  GraphQLInputType,
  GraphQLObjectType,
  GraphQLSchema,
} from 'graphql'
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
} from 'graphql'

import {
  makeDirectivesForPlugin,
  makeMergedSchema,
} from '@redwoodjs/graphql-server'

import directives from 'src/directives/**/*.{js,ts}'
import sdls from 'src/graphql/**/*.sdl.{js,ts}'
import services from 'src/services/**/*.{js,ts}'

import { redisKeys } from 'src/lib/redis/keys'
import {
  authEvent,
  graphqlEvent,
  invoke,
  sessionCookieFrom,
  setCookiesOf,
} from 'src/lib/testing/httpEvents'
import {
  lastCode,
  useRealRedisForEachTest,
  sentSms,
} from 'src/lib/testing/twoFactorTestkit'

import { handler as authHandler } from './auth'
import { handler as graphqlHandler } from './graphql'
import { PASSWORD } from './graphql.forcedBrowsing.scenarios'
import type { StandardScenario } from './graphql.forcedBrowsing.scenarios'

/** What a session that still owes its second factor may call. */
const SECOND_FACTOR_FIELDS = [
  'Query.twoFactorStatus',
  'Mutation.requestOtp',
  'Mutation.verifyOtp',
  'Mutation.verifySecondFactor',
]
/** Redwood's own public query (version and currentUser). */
const REDWOOD_FIELDS = ['Query.redwood']

type GraphQLResponse = {
  data?: Record<string, unknown> | null
  errors?: {
    message: string
    path?: string[]
    extensions?: Record<string, unknown>
  }[]
}

// The schema the graphql function serves: the same sdls, services and
// directives, merged the way createGraphQLHandler merges them.
const schema: GraphQLSchema = makeMergedSchema({
  sdls,
  services,
  directives: makeDirectivesForPlugin(directives),
  subscriptions: [],
})

const sampleValue = (type: GraphQLInputType): unknown => {
  if (isNonNullType(type)) return sampleValue(type.ofType)
  if (isListType(type)) return [sampleValue(type.ofType)]
  if (isEnumType(type)) return type.getValues()[0].value
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((field) => isNonNullType(field.type))
        .map((field) => [field.name, sampleValue(field.type)])
    )
  }
  const samples: Record<string, unknown> = {
    String: '+12015550142',
    ID: '1',
    Int: 1,
    Float: 1.5,
    Boolean: true,
    DateTime: new Date().toISOString(),
    Date: '2024-01-01',
    Time: '12:00:00Z',
    JSON: {},
    JSONObject: {},
    BigInt: '1',
    Byte: 'AA==',
  }
  if (!(type.name in samples))
    throw new Error(`no sample value for scalar ${type.name}`)
  return samples[type.name]
}

type Operation = {
  id: string
  query: string
  variables: Record<string, unknown>
}

/** One request per field, with values for its required arguments. */
const operationFor = (
  kind: 'query' | 'mutation',
  parent: GraphQLObjectType,
  field: GraphQLField<unknown, unknown>
): Operation => {
  const required = field.args.filter((arg: GraphQLArgument) =>
    isNonNullType(arg.type)
  )
  const declarations = required.map(
    (arg) => `$${arg.name}: ${arg.type.toString()}`
  )
  const passed = required.map((arg) => `${arg.name}: $${arg.name}`)
  const selection = isLeafType(getNamedType(field.type))
    ? ''
    : ' { __typename }'
  return {
    id: `${parent.name}.${field.name}`,
    query: `${kind} Walk${declarations.length ? `(${declarations.join(', ')})` : ''} { ${field.name}${
      passed.length ? `(${passed.join(', ')})` : ''
    }${selection} }`,
    variables: Object.fromEntries(
      required.map((arg) => [arg.name, sampleValue(arg.type)])
    ),
  }
}

const allOperations = (): Operation[] => {
  const roots: ['query' | 'mutation', GraphQLObjectType | null | undefined][] =
    [
      ['query', schema.getQueryType()],
      ['mutation', schema.getMutationType()],
    ]
  return roots.flatMap(([kind, parent]) =>
    parent
      ? Object.values(parent.getFields()).map((field) =>
          operationFor(kind, parent, field)
        )
      : []
  )
}

const post = async (
  body: unknown,
  session?: { cookie: string; userId: number }
) => {
  const response = await invoke(graphqlHandler, graphqlEvent(body, session))
  return { response, body: JSON.parse(response.body) as GraphQLResponse }
}

const errorCodes = (body: GraphQLResponse) =>
  (body.errors ?? []).map(
    (error) => error.extensions?.code as string | undefined
  )

/** Signs in through the real auth function and returns the session cookie. */
const login = async (email: string) => {
  const response = await invoke(
    authHandler,
    authEvent({ method: 'login', username: email, password: PASSWORD })
  )
  expect(response.statusCode).toBe(200)
  const cookie = sessionCookieFrom(response)
  expect(cookie).toBeTruthy()
  return cookie
}

const client = useRealRedisForEachTest()

describe('forced browsing through the graphql function', () => {
  it('walks a schema that has the fields this app defines', () => {
    const ids = allOperations().map((op) => op.id)
    expect(ids).toEqual(
      expect.arrayContaining([
        'Query.me',
        'Query.twoFactorStatus',
        'Mutation.setPhoneNumber',
        'Mutation.requestOtp',
        'Mutation.verifyOtp',
        'Mutation.enableTwoFactorAuth',
        'Mutation.disableTwoFactorAuth',
        'Mutation.verifySecondFactor',
        'Mutation.startTotpEnrollment',
        'Mutation.confirmTotpEnrollment',
        'Mutation.generateRecoveryCodes',
        ...REDWOOD_FIELDS,
      ])
    )
  })

  scenario(
    'a session that owes its second factor is refused every field but the second-factor ones',
    async (scenario: StandardScenario) => {
      const user = scenario.user.twoFactorOn
      const cookie = await login(user.email)
      const refused: string[] = []
      const allowed: string[] = []
      for (const op of allOperations()) {
        if (REDWOOD_FIELDS.includes(op.id)) continue
        const { response, body } = await post(
          { query: op.query, variables: op.variables },
          { cookie, userId: user.id }
        )
        expect(response.statusCode).toBe(200)
        const codes = errorCodes(body)
        if (SECOND_FACTOR_FIELDS.includes(op.id)) {
          expect({ op: op.id, codes }).toEqual({
            op: op.id,
            codes: expect.not.arrayContaining([
              'SECOND_FACTOR_REQUIRED',
              'UNAUTHENTICATED',
            ]),
          })
          allowed.push(op.id)
        } else {
          expect({ op: op.id, codes, data: body.data }).toEqual({
            op: op.id,
            codes: ['SECOND_FACTOR_REQUIRED'],
            data: null,
          })
          refused.push(op.id)
        }
      }
      expect(allowed.sort()).toEqual([...SECOND_FACTOR_FIELDS].sort())
      expect(refused.length).toBeGreaterThanOrEqual(4)
      // The second-factor fields really ran: a code went out and both
      // verify fields' guesses counted.
      expect(sentSms).toHaveLength(1)
      expect(await client.get(redisKeys.failures(user.id))).toBe('2')
    }
  )

  scenario(
    'a full session reaches every field',
    async (scenario: StandardScenario) => {
      const user = scenario.user.passwordOnly
      const cookie = await login(user.email)
      for (const op of allOperations()) {
        const { response, body } = await post(
          { query: op.query, variables: op.variables },
          { cookie, userId: user.id }
        )
        expect(response.statusCode).toBe(200)
        expect({ op: op.id, codes: errorCodes(body) }).toEqual({
          op: op.id,
          codes: expect.not.arrayContaining([
            'SECOND_FACTOR_REQUIRED',
            'UNAUTHENTICATED',
          ]),
        })
      }
      const { body } = await post(
        { query: '{ me { id email } }' },
        { cookie, userId: user.id }
      )
      expect(body.errors).toBeUndefined()
      expect(body.data).toEqual({ me: { id: user.id, email: user.email } })
    }
  )

  scenario(
    "without a session every field but Redwood's own is refused as UNAUTHENTICATED",
    async () => {
      for (const op of allOperations()) {
        if (REDWOOD_FIELDS.includes(op.id)) continue
        const { body } = await post({
          query: op.query,
          variables: op.variables,
        })
        expect({ op: op.id, codes: errorCodes(body) }).toEqual({
          op: op.id,
          codes: ['UNAUTHENTICATED'],
        })
      }
      expect(sentSms).toHaveLength(0)
    }
  )

  scenario(
    'verifyOtp re-issues the session as a Set-Cookie and the old cookie stops working',
    async (scenario: StandardScenario) => {
      const user = scenario.user.twoFactorOn
      const before = await login(user.email)
      const asBefore = { cookie: before, userId: user.id }

      expect(
        errorCodes((await post({ query: '{ me { id } }' }, asBefore)).body)
      ).toEqual(['SECOND_FACTOR_REQUIRED'])
      const sent = await post(
        { query: 'mutation { requestOtp { success retryAfterSeconds } }' },
        asBefore
      )
      expect(sent.body.data).toEqual({
        requestOtp: { success: true, retryAfterSeconds: 60 },
      })
      expect(sentSms).toHaveLength(1)
      // No cookie is re-issued before the second factor is done.
      expect(setCookiesOf(sent.response)).toEqual([])

      const verified = await post(
        {
          query:
            'mutation Verify($otp: String!) { verifyOtp(otp: $otp) { success } }',
          variables: { otp: lastCode() },
        },
        asBefore
      )
      expect(verified.body.errors).toBeUndefined()
      expect(verified.body.data).toEqual({ verifyOtp: { success: true } })
      const setCookie = setCookiesOf(verified.response)
      expect(setCookie).toHaveLength(1)
      expect(setCookie[0]).toMatch(/;HttpOnly/)
      expect(setCookie[0]).toMatch(/;SameSite=Strict/)
      const after = sessionCookieFrom(verified.response)
      expect(after).toBeTruthy()
      expect(after).not.toBe(before)
      const asAfter = { cookie: after, userId: user.id }

      expect(
        (await post({ query: '{ me { id email } }' }, asAfter)).body.data
      ).toEqual({
        me: { id: user.id, email: user.email },
      })
      expect(
        (
          await post(
            { query: '{ twoFactorStatus { verified enabled } }' },
            asAfter
          )
        ).body.data
      ).toEqual({
        twoFactorStatus: { verified: true, enabled: true },
      })
      // The pre-2FA cookie grants nothing now, not even the second-factor fields.
      expect(
        errorCodes((await post({ query: '{ me { id } }' }, asBefore)).body)
      ).toEqual(['UNAUTHENTICATED'])
      expect(
        errorCodes(
          (await post({ query: '{ twoFactorStatus { verified } }' }, asBefore))
            .body
        )
      ).toEqual(['UNAUTHENTICATED'])
      expect(
        errorCodes(
          (
            await post(
              { query: 'mutation { verifyOtp(otp: "123456") { success } }' },
              asBefore
            )
          ).body
        )
      ).toEqual(['UNAUTHENTICATED'])
    }
  )

  scenario(
    'two aliased verifyOtp in one request: the second is never evaluated',
    async (scenario: StandardScenario) => {
      const user = scenario.user.twoFactorOn
      const session = { cookie: await login(user.email), userId: user.id }
      await post({ query: 'mutation { requestOtp { success } }' }, session)
      const code = lastCode()
      const wrong = code === '000000' ? '000001' : '000000'

      // A wrong first guess: the second alias (the right code) is not tried.
      const first = await post(
        {
          query: `mutation { a: verifyOtp(otp: "${wrong}") { success } b: verifyOtp(otp: "${code}") { success } }`,
        },
        session
      )
      expect(first.body.data).toBeNull()
      expect(errorCodes(first.body)).toEqual(['OTP_INVALID'])
      expect(setCookiesOf(first.response)).toEqual([])
      expect(await client.get(redisKeys.failures(user.id))).toBe('1')
      expect(await client.hget(redisKeys.otp(user.id), 'tries')).toBe('1')

      // A right first answer: the second alias is refused with TOO_MANY_OPERATIONS.
      const second = await post(
        {
          query: `mutation { a: verifyOtp(otp: "${code}") { success } b: verifyOtp(otp: "${wrong}") { success } }`,
        },
        session
      )
      expect(errorCodes(second.body)).toEqual(['TOO_MANY_OPERATIONS'])
      expect(await client.exists(redisKeys.failures(user.id))).toBe(0)
      expect(await client.exists(redisKeys.otp(user.id))).toBe(0)
      const after = sessionCookieFrom(second.response)
      expect(after).toBeTruthy()

      // Aliased sends cannot multiply SMS either.
      await client.del(redisKeys.resendCooldown(user.id))
      const sends = await post(
        {
          query:
            'mutation { a: requestOtp { success } b: requestOtp { success } }',
        },
        { cookie: after, userId: user.id }
      )
      expect(errorCodes(sends.body)).toEqual(['TOO_MANY_OPERATIONS'])
      expect(sentSms).toHaveLength(2)
    }
  )

  scenario(
    'a batch of verifyOtp operations in one request is refused and evaluates no guess',
    async (scenario: StandardScenario) => {
      const user = scenario.user.twoFactorOn
      const session = { cookie: await login(user.email), userId: user.id }
      await post({ query: 'mutation { requestOtp { success } }' }, session)
      const code = lastCode()
      const guesses = Array.from({ length: 5 }, (_, i) =>
        String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0')
      )
      const batch = await post(
        guesses.map((otp) => ({
          query: `mutation { verifyOtp(otp: "${otp}") { success } }`,
        })),
        session
      )
      // Yoga refuses batched requests outright; none of the guesses runs.
      expect(batch.response.statusCode).toBe(400)
      expect(batch.body.errors?.[0]?.message).toMatch(
        /Batching is not supported/
      )
      expect(await client.exists(redisKeys.failures(user.id))).toBe(0)
      expect(await client.hget(redisKeys.otp(user.id), 'tries')).toBe('0')
    }
  )
})
