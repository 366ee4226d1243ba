import type { Plugin } from 'graphql-yoga'

export const UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE'

/**
 * GraphQL arrives as JSON (a POST) or in the query string (a GET). Yoga also
 * takes multipart bodies, for file uploads this app has none of, and reads
 * those itself, past the api server's body limit; a form or text/plain body
 * is what a page on another site can send without a preflight. Each is
 * refused before its body is read.
 */
export const useJsonBodiesOnly = (): Plugin => ({
  onRequest({ request, endResponse, fetchAPI }) {
    if (request.method !== 'POST') {
      return
    }
    const mediaType = request.headers
      .get('content-type')
      ?.split(';')[0]
      .trim()
      .toLowerCase()
    if (mediaType === 'application/json') {
      return
    }
    endResponse(
      new fetchAPI.Response(
        JSON.stringify({
          errors: [
            {
              message:
                'Send GraphQL as JSON (Content-Type: application/json) or in the query string',
              extensions: { code: UNSUPPORTED_MEDIA_TYPE },
            },
          ],
        }),
        { status: 415, headers: { 'content-type': 'application/json' } }
      )
    )
  },
})
