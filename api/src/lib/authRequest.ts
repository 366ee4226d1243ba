import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda'

import { DbAuthHandler } from '@redwoodjs/auth-dbauth-api'

/**
 * The dbAuth methods this app serves. WebAuthn is not set up: dbAuth would
 * answer those methods with whatever its missing WebAuthn library threw,
 * server paths included.
 */
export const SERVED_AUTH_METHODS = [
  'login',
  'logout',
  'signup',
  'getToken',
  'forgotPassword',
  'resetPassword',
  'validateResetToken',
] as const

export type AuthMethod = (typeof SERVED_AUTH_METHODS)[number]

// Every field dbAuth reads from the body, each of which it treats as a string.
const STRING_FIELDS = ['method', 'username', 'password', 'resetToken']

export const BAD_REQUEST = 'BAD_REQUEST'
export const NOT_FOUND = 'NOT_FOUND'

const refusal = (
  statusCode: number,
  code: string,
  error: string
): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ error, code }),
})

const parseBody = (event: APIGatewayProxyEvent): unknown => {
  if (!event.body) {
    return {}
  }
  const text = event.isBase64Encoded
    ? Buffer.from(event.body, 'base64').toString('utf8')
    : event.body
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

const isServed = (method: unknown): method is AuthMethod =>
  SERVED_AUTH_METHODS.includes(method as AuthMethod)

/**
 * Reads a /auth request the way dbAuth will (the method from the query
 * string first, then from the body), or refuses it with a JSON error and a
 * stable code where dbAuth would throw (a 500) or say too much.
 */
export const readAuthRequest = (
  event: APIGatewayProxyEvent
):
  | { method: AuthMethod; body: Record<string, unknown> }
  | { refusal: APIGatewayProxyResult } => {
  const body = parseBody(event)
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      refusal: refusal(400, BAD_REQUEST, 'The body must be a JSON object'),
    }
  }
  const fields = body as Record<string, unknown>
  const wrongType = STRING_FIELDS.find(
    (field) => field in fields && typeof fields[field] !== 'string'
  )
  if (wrongType) {
    return {
      refusal: refusal(400, BAD_REQUEST, `\`${wrongType}\` must be a string`),
    }
  }
  // As dbAuth decides: any of its methods named in the query string wins.
  const fromQuery = event.queryStringParameters?.method
  const method = (DbAuthHandler.METHODS as string[]).includes(fromQuery)
    ? fromQuery
    : fields.method
  if (!isServed(method)) {
    return { refusal: refusal(404, NOT_FOUND, 'Unknown auth method') }
  }
  return { method, body: fields }
}
