import { consoleTransport } from './consoleTransport'

describe('the console SMS transport', () => {
  it('writes each text as a block of its own, with the number masked and the code in clear', async () => {
    const log = jest.fn()
    await consoleTransport(log)({
      to: '+12015550123',
      text: '123456 is your Redwood 2FA code. It expires in 5 minutes. Never share it.\n\n@localhost #123456',
    })

    expect(log).toHaveBeenCalledTimes(1)
    const [fields, message] = log.mock.calls[0]
    expect(fields).toEqual({ smsTo: '+1******0123' })
    const lines = message.split('\n')
    expect(lines[1]).toMatch(/^┌─{20,}/)
    expect(lines[2]).toBe('│ 📱 SMS (console transport) to +1******0123')
    expect(lines).toContain(
      '│    123456 is your Redwood 2FA code. It expires in 5 minutes. Never share it.'
    )
    expect(lines).toContain('│    @localhost #123456')
    expect(lines.at(-1)).toMatch(/^└─{20,}/)
    expect(message).not.toContain('2015550123')
  })
})
