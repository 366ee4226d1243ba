import type { APIGatewayProxyEvent } from 'aws-lambda'

import { devInboxMessages, isDevInboxOn } from 'src/lib/sms/devInbox'

/**
 * GET /devSmsInbox: the texts the api sent, for the development SMS inbox
 * page. Only under NODE_ENV=development; everywhere else it does not exist.
 */
export const handler = async (event: APIGatewayProxyEvent) => {
  const json = (statusCode: number, body: unknown) => ({
    statusCode,
    headers: {
      'content-type': 'application/json',
      'cache-control': 'no-store',
    },
    body: JSON.stringify(body),
  })
  if (!isDevInboxOn()) {
    return json(404, { error: 'Not found', code: 'NOT_FOUND' })
  }
  if (event.httpMethod !== 'GET') {
    return json(405, { error: 'Use GET', code: 'METHOD_NOT_ALLOWED' })
  }
  return json(200, { messages: devInboxMessages() })
}
