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

/** A pino `logMethod` hook: an expected refusal becomes one `info` line with its code. */
export const logRefusalsWithoutStack: LogMethodHook = function (
  this: Logger,
  args,
  method,
  level
) {
  const refusal = level >= WARN ? expectedRefusal(args[0]) : null
  if (!refusal) {
    return method.apply(this, args)
  }
  return this.info(
    {
      refused: refusal.extensions?.code,
      ...(refusal.path ? { path: refusal.path.join('.') } : {}),
    },
    `refused ${refusal.extensions?.code}: ${refusal.message}`
  )
}
