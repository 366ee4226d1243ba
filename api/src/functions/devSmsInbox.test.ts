import { mockHttpEvent } from '@redwoodjs/testing/api'

import { clearDevInbox, recordForDevInbox } from 'src/lib/sms/devInbox'

import { handler } from './devSmsInbox'

const get = () =>
  handler(mockHttpEvent({ httpMethod: 'GET', path: '/devSmsInbox' }))

const withNodeEnv = async (nodeEnv: string, work: () => Promise<void>) => {
  const saved = process.env.NODE_ENV
  process.env.NODE_ENV = nodeEnv
  try {
    await work()
  } finally {
    process.env.NODE_ENV = saved
    clearDevInbox()
  }
}

describe('the development SMS inbox', () => {
  it('lists the texts sent, newest first, with masked numbers, in development', () =>
    withNodeEnv('development', async () => {
      recordForDevInbox({ to: '+12015550123', text: '111111 is your code' })
      recordForDevInbox({ to: '+12015550199', text: '222222 is your code' })
      const response = await get()
      expect(response.statusCode).toBe(200)
      const { messages } = JSON.parse(response.body)
      expect(messages).toEqual([
        {
          to: '+1******0199',
          text: '222222 is your code',
          sentAt: expect.any(String),
        },
        {
          to: '+1******0123',
          text: '111111 is your code',
          sentAt: expect.any(String),
        },
      ])
      expect(response.body).not.toContain('2015550123')
    }))

  it.each(['production', 'staging', 'test'])(
    'does not exist under NODE_ENV=%s, and keeps nothing',
    (nodeEnv) =>
      withNodeEnv(nodeEnv, async () => {
        recordForDevInbox({ to: '+12015550123', text: '111111 is your code' })
        const response = await get()
        expect(response.statusCode).toBe(404)
        expect(response.body).not.toContain('111111')
      })
  )
})
