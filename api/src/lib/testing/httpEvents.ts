import type { APIGatewayProxyEvent, Context } from 'aws-lambda'

import { cookieName } from '@redwoodjs/auth-dbauth-api'
import { mockHttpEvent } from '@redwoodjs/testing/api'

import { SESSION_COOKIE_NAME } from '../sessions/sessionCookie'

type Handler = (
  event: APIGatewayProxyEvent,
  context: Context
) => Promise<{
  statusCode: number
  body?: string
  headers?: Record<string, unknown>
  multiValueHeaders?: Record<string, unknown[]>
}>

export const lambdaContext = () => ({}) as Context

/** The dbAuth cookie's resolved name, session_2fa. */
export const sessionCookieName = () => cookieName(SESSION_COOKIE_NAME)

/** Every Set-Cookie of a response, however the handler shaped them. */
export const setCookiesOf = (response: {
  headers?: Record<string, unknown>
  multiValueHeaders?: Record<string, unknown[]>
}): string[] => {
  const multi = response.multiValueHeaders?.['Set-Cookie'] ?? []
  const single =
    response.headers?.['set-cookie'] ?? response.headers?.['Set-Cookie']
  return [...multi, ...(single === undefined ? [] : [single].flat())].map(
    String
  )
}

/** `session_2fa=<value>` from a response, or null when it sets none (or clears it). */
export const sessionCookieFrom = (
  response: Parameters<typeof setCookiesOf>[0]
) => {
  const prefix = `${sessionCookieName()}=`
  const found = setCookiesOf(response).find((cookie) =>
    cookie.startsWith(prefix)
  )
  const pair = found?.split(';')[0]
  return pair && pair !== prefix ? pair : null
}

/** POST /auth as the web side's dbAuth client does. */
export const authEvent = (payload: Record<string, unknown>, cookie?: string) =>
  mockHttpEvent({
    httpMethod: 'POST',
    path: '/auth',
    payload,
    headers: {
      'content-type': 'application/json',
      ...(cookie ? { cookie } : {}),
    },
  })

/** POST /graphql with the headers the web side's dbAuth client adds. */
export const graphqlEvent = (
  body: unknown,
  { cookie, userId }: { cookie?: string; userId?: number } = {}
) =>
  mockHttpEvent({
    httpMethod: 'POST',
    path: '/graphql',
    payload: body,
    headers: {
      'content-type': 'application/json',
      ...(cookie
        ? {
            cookie,
            'auth-provider': 'dbAuth',
            authorization: `Bearer ${userId}`,
          }
        : {}),
    },
  })

export const invoke = async (handler: Handler, event: APIGatewayProxyEvent) =>
  handler(event, lambdaContext())
