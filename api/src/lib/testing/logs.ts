import pino from 'pino'

import { logger } from '../logger'

/** Every line the app's logger writes, serialised as it would reach the log. */
export const captureLogs = () => {
  const lines: string[] = []
  const stream = (
    logger as unknown as Record<symbol, { write: (chunk: string) => boolean }>
  )[pino.symbols.streamSym]
  const write = jest
    .spyOn(stream, 'write')
    .mockImplementation((chunk: string) => {
      lines.push(String(chunk))
      return true
    })
  const level = logger.level
  logger.level = 'trace'
  return {
    lines,
    restore: () => {
      write.mockRestore()
      logger.level = level
    },
  }
}
