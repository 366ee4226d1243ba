import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda'

/**
 * What `/auth` accepts: JSON bodies, from the app's own pages. A page on
 * another site can make a browser send a form, multipart or text/plain body
 * with the visitor's cookies and no preflight; with it, it could sign the
 * visitor into the attacker's account (login CSRF). A JSON body needs a
 * CORS preflight, which the api never grants. Browsers also say where a
 * request comes from (`Origin`, `Sec-Fetch-Site`): another site is refused
 * outright, whatever the body.
 */

export const CROSS_SITE_REQUEST = 'CROSS_SITE_REQUEST'
export const UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE'

const header = (event: APIGatewayProxyEvent, name: string) => {
  const headers = event.headers ?? {}
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name)
  const value = key === undefined ? undefined : headers[key]
  return typeof value === 'string' ? value.trim() : undefined
}

const refusal = (
  statusCode: number,
  code: string,
  error: string
): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ error, code }),
})

/**
 * The web app reaches the api through its own web server (or Vite's proxy in
 * development), which passes the Host header through: a request from the
 * app's pages carries an Origin with that host. A proxy in front must pass
 * Host through too.
 */
const isOwnOrigin = (origin: string, host: string | undefined) => {
  try {
    const url = new URL(origin)
    return (
      (url.protocol === 'https:' || url.protocol === 'http:') &&
      host !== undefined &&
      url.host === host.toLowerCase()
    )
  } catch {
    // "null" (a sandboxed frame, a data: URL) and anything unparsable.
    return false
  }
}

const hasBody = (method: string) =>
  !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase())

/** The answer refusing the request, or undefined when it may go on. */
export const refuseUnlessSameOriginJson = (
  event: APIGatewayProxyEvent
): APIGatewayProxyResult | undefined => {
  const origin = header(event, 'origin')
  if (
    header(event, 'sec-fetch-site') === 'cross-site' ||
    (origin !== undefined && !isOwnOrigin(origin, header(event, 'host')))
  ) {
    return refusal(
      403,
      CROSS_SITE_REQUEST,
      "Requests to sign in must come from the app's own pages"
    )
  }
  const mediaType = header(event, 'content-type')
    ?.split(';')[0]
    .trim()
    .toLowerCase()
  if (hasBody(event.httpMethod ?? '') && mediaType !== 'application/json') {
    return refusal(
      415,
      UNSUPPORTED_MEDIA_TYPE,
      'Send the request as JSON (Content-Type: application/json)'
    )
  }
  return undefined
}
