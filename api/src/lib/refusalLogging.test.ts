import { Writable } from 'node:stream'

import { GraphQLError } from 'graphql'

import { createLogger } from '@redwoodjs/api/logger'

import { TwoFactorError } from './errors'
import { loggerOptions } from './logger'

/** A logger with the app's options whose lines land in an array. */
const capture = () => {
  const lines: Record<string, unknown>[] = []
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()))
      done()
    },
  })
  const logger = createLogger({
    options: { ...loggerOptions, level: 'debug' },
    destination,
  })
  return { logger, lines }
}

// What Redwood's GraphQL logger does with each error in a response.
const asGraphQLError = (error: Error) =>
  new GraphQLError(error.message, {
    originalError: error,
    path: ['verifyOtp'],
    extensions: (error as { extensions?: Record<string, unknown> }).extensions,
  })

describe('how the log shows a refusal', () => {
  it('an expected refusal is one info line with its code, without a stack', () => {
    const { logger, lines } = capture()
    const refusal = asGraphQLError(new TwoFactorError('OTP_INVALID'))
    logger.error(refusal, refusal.message)

    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({
      level: 30,
      refused: 'OTP_INVALID',
      path: 'verifyOtp',
      msg: 'refused OTP_INVALID: That code is not right. Check it and try again.',
    })
    expect(JSON.stringify(lines[0])).not.toMatch(/stack|at .*\.ts/)
  })

  it('an unexpected error keeps its level and its stack', () => {
    const { logger, lines } = capture()
    const fault = asGraphQLError(new TypeError('x is undefined'))
    logger.error(fault, fault.message)

    expect(lines).toHaveLength(1)
    expect(lines[0].level).toBe(50)
    expect(JSON.stringify(lines[0])).toContain('stack')
  })

  it('a request refused with a 4xx keeps its error but not its stack', () => {
    const { logger, lines } = capture()
    const tooLarge = Object.assign(new Error('Request body is too large'), {
      name: 'FastifyError',
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      statusCode: 413,
    })
    logger.info(
      { res: { statusCode: 413 }, err: tooLarge },
      'request completed'
    )

    expect(lines[0]).toMatchObject({
      level: 30,
      err: 'FastifyError FST_ERR_CTP_BODY_TOO_LARGE: Request body is too large',
    })
    expect(JSON.stringify(lines[0])).not.toContain('stack')
  })

  it('a request that failed with a 5xx keeps its stack', () => {
    const { logger, lines } = capture()
    const broken = new Error('connect ECONNREFUSED 127.0.0.1:8911')
    logger.error({ res: { statusCode: 500 }, err: broken }, 'request errored')

    expect(JSON.stringify(lines[0])).toContain('stack')
  })
})
