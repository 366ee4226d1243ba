import { context } from '@redwoodjs/graphql-server'

type RequestEvent = {
  requestContext?: { identity?: { sourceIp?: string } } | null
}

/**
 * The client address the api server saw (Fastify's `request.ip`, which
 * follows its `trustProxy` setting), never a header the client wrote.
 */
export const clientAddress = (
  event = context?.event as RequestEvent | undefined
) => event?.requestContext?.identity?.sourceIp
