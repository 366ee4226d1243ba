import type { Logger, LoggerOptions } from '@redwoodjs/api/logger'

type LogMethodHook = NonNullable<
  NonNullable<LoggerOptions['hooks']>['logMethod']
>

/**
 * Redwood's GraphQL logger writes every error in a response at `error` level
 * with its stack. A refusal the app means to make (a wrong code, a rate
 * limit, a missing fresh factor, an invalid argument) is not a fault: its
 * stack says nothing, and in development a dozen lines of it for each typo
 * bury the lines a newcomer needs. Such an error carries a stable
 * `extensions.code` (the app's TwoFactorError, Redwood's validate() and
 * auth errors, the GraphQL request refusals); an unexpected exception does
 * not, and keeps its stack.
 */

interface GraphQLErrorLike {
  message: string
  extensions?: Record<string, unknown>
  path?: readonly (string | number)[]
}

const WARN = 40

export const expectedRefusal = (value: unknown): GraphQLErrorLike | null => {
  if (!(value instanceof Error)) {
    return null
  }
  const { extensions } = value as GraphQLErrorLike
  const code = extensions?.code
  return typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR'
    ? (value as GraphQLErrorLike)
    : null
}

interface RequestErrorFields {
  err?: { name?: string; message?: string; code?: unknown; statusCode?: number }
  res?: { statusCode?: number }
}

const isClientError = (status: unknown) =>
  typeof status === 'number' && status >= 400 && status < 500

/**
 * Fastify logs a request it refused (413 for a body over the limit, 415, a
 * client that hung up) with the error and its stack. A 4xx is the client's
 * doing: the error's name, message and code say all there is.
 */
const withoutClientErrorStack = (fields: unknown): unknown => {
  if (!fields || typeof fields !== 'object' || !('err' in fields)) {
    return fields
  }
  const { err, res } = fields as RequestErrorFields
  if (
    !err ||
    !(isClientError(err.statusCode) || isClientError(res?.statusCode))
  ) {
    return fields
  }
  // One string: as an object, pino's error serializer would rebuild it
  // (and the redaction list hides any field named `code`).
  const code = typeof err.code === 'string' ? ` ${err.code}` : ''
  return { ...fields, err: `${err.name ?? 'Error'}${code}: ${err.message}` }
}

/**
 * A pino `logMethod` hook: an expected refusal becomes one `info` line with
 * its code, and a request refused with a 4xx keeps its error but not the
 * error's stack.
 */
export const logRefusalsWithoutStack: LogMethodHook = function (
  this: Logger,
  args,
  method,
  level
) {
  const refusal = level >= WARN ? expectedRefusal(args[0]) : null
  if (!refusal) {
    const [fields, ...rest] = args
    return method.apply(this, [
      withoutClientErrorStack(fields),
      ...rest,
    ] as typeof args)
  }
  return this.info(
    {
      refused: refusal.extensions?.code,
      ...(refusal.path ? { path: refusal.path.join('.') } : {}),
    },
    `refused ${refusal.extensions?.code}: ${refusal.message}`
  )
}
