import type Redis from 'ioredis'

import { ServiceUnavailableError } from './errors'
import { defaultLogLevel, logger } from './logger'
import { useRedisClient } from './redis/client'
import { withRedis } from './redis/defineScript'
import { connectTestRedis } from './testing/realRedis'

describe('what reaches the log', () => {
  it('production keeps the audit trail (info) unless LOG_LEVEL says otherwise', () => {
    expect(defaultLogLevel({ NODE_ENV: 'production' })).toBe('info')
    expect(defaultLogLevel({ NODE_ENV: 'production', LOG_LEVEL: 'warn' })).toBe(
      'warn'
    )
    // Elsewhere Redwood's own defaults apply.
    expect(defaultLogLevel({ NODE_ENV: 'development' })).toBeUndefined()
  })

  describe('on a real Redis', () => {
    let client: Redis
    beforeAll(async () => {
      client = await connectTestRedis()
      useRedisClient(client)
    })
    afterAll(async () => {
      useRedisClient(undefined)
      await client?.quit()
    })

    it('a failed Redis command is logged without its arguments', async () => {
      // A key of the wrong type makes Redis itself refuse the command.
      const key = `logging-test:${process.pid}`
      await client.set(key, 'a string')
      const error = jest.spyOn(logger, 'error').mockImplementation(() => {})
      try {
        await expect(
          withRedis(() => client.hget(key, 'secret-session-id-123'))
        ).rejects.toThrow(ServiceUnavailableError)
        expect(error).toHaveBeenCalledTimes(1)
        const logged = JSON.stringify(error.mock.calls[0])
        expect(logged).toContain('WRONGTYPE')
        expect(logged).not.toContain('secret-session-id-123')
      } finally {
        error.mockRestore()
        await client.del(key)
      }
    })
  })
})
