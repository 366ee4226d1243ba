import { audit } from './audit'
import { logger } from './logger'

describe('audit events', () => {
  it('record the address the server saw, not the one X-Forwarded-For claims', () => {
    const info = jest.spyOn(logger, 'info').mockImplementation(() => {})
    try {
      audit(
        'second_factor.failed',
        { userId: 7, outcome: 'failure', reason: 'OTP_INVALID' },
        {
          headers: { 'x-forwarded-for': '6.6.6.6' },
          requestContext: { identity: { sourceIp: '203.0.113.7' } },
        }
      )
      expect(info).toHaveBeenCalledWith(
        {
          audit: 'second_factor.failed',
          ip: '203.0.113.7',
          forwardedFor: '6.6.6.6',
          userId: 7,
          outcome: 'failure',
          reason: 'OTP_INVALID',
        },
        'audit second_factor.failed'
      )
    } finally {
      info.mockRestore()
    }
  })
})
