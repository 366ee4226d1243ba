import { useRealRedisForEachTest } from '../testing/twoFactorTestkit'

import {
  composeScript,
  defineScript,
  hashTagOf,
  ScriptReplyError,
} from './defineScript'

const client = useRealRedisForEachTest()

const ECHO = defineScript({
  name: 'testEcho',
  keys: ['first', 'second'],
  args: { text: 'string', count: 'number' },
  lua: `
redis.call('SET', KEY.first, ARG.text)
redis.call('SET', KEY.second, ARG.count + 1)
return {KEY.first, KEY.second, ARG.text, ARG.count * 2, type(ARG.count)}
`,
  parse: (reply) => reply as [string, string, string, number, string],
})

describe('scripts with named inputs, on a real Redis', () => {
  it('name KEYS and ARGV, and turn number arguments into Lua numbers', async () => {
    const reply = await ECHO.run(
      { second: '{t}:b', first: '{t}:a' },
      { count: 20, text: '07' }
    )
    expect(reply).toEqual(['{t}:a', '{t}:b', '07', 40, 'number'])
    expect(await client.get('{t}:a')).toBe('07') // strings stay strings
    expect(await client.get('{t}:b')).toBe('21')
  })

  it('refuse keys from more than one Redis Cluster slot before running', async () => {
    await expect(
      ECHO.run({ first: '{u:1}:a', second: '{u:2}:b' }, { text: 'x', count: 1 })
    ).rejects.toThrow(/span Redis Cluster slots/)
    expect(await client.exists('{u:1}:a')).toBe(0)
  })

  it('refuse missing keys or arguments before running', async () => {
    await expect(
      ECHO.run({ first: '{t}:a' } as never, { text: 'x', count: 1 })
    ).rejects.toThrow(/needs keys first, second/)
    await expect(
      ECHO.run({ first: '{t}:a', second: '{t}:b' }, { text: 'x' } as never)
    ).rejects.toThrow(/needs arguments text, count/)
  })

  it('check replies instead of casting them', async () => {
    const strict = defineScript({
      name: 'testStrict',
      keys: ['key'],
      args: {},
      lua: `return 'surprise'`,
      parse: (reply) => {
        if (typeof reply === 'number') return reply
        throw new ScriptReplyError('testStrict', reply)
      },
    })
    await expect(strict.run({ key: 'k' }, {})).rejects.toThrow(
      'testStrict: unexpected reply "surprise"'
    )
  })

  it('compose fragments that share locals, with the union of their inputs', async () => {
    const script = composeScript(
      'testComposed',
      [
        {
          keys: ['counter'],
          args: { by: 'number' },
          lua: `local n = redis.call('INCRBY', KEY.counter, ARG.by)`,
        },
        { keys: ['counter'], args: {}, lua: `return n * 10` },
      ],
      (reply) => reply as number
    )
    expect(script.keys).toEqual(['counter'])
    expect(await script.run({ counter: 'c' }, { by: 3 })).toBe(30)
  })

  it('hash tags decide the slot', () => {
    expect(hashTagOf('2fa:{u:42}:otp')).toBe('u:42')
    expect(hashTagOf('2fa:{sms}:budget')).toBe('sms')
    expect(hashTagOf('plain')).toBe('plain')
    expect(hashTagOf('a{}b')).toBe('a{}b') // empty tags hash the whole key
  })
})
