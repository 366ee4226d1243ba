import crypto from 'node:crypto'

import { config, isProductionLike, resetConfig, webOtpDomain } from './config'
import { defaultLogLevel } from './logger'

const STRONG = crypto.randomBytes(32).toString('base64')

/** Runs `work` with these variables set (undefined: unset), then restores them. */
const withEnv = <T>(
  vars: Record<string, string | undefined>,
  work: () => T
) => {
  const before = Object.fromEntries(
    Object.keys(vars).map((name) => [name, process.env[name]])
  )
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) {
        delete process.env[name]
      } else {
        process.env[name] = value
      }
    }
  }
  apply(vars)
  resetConfig()
  try {
    return work()
  } finally {
    apply(before)
    resetConfig()
  }
}

const PRODUCTION_LIKE = ['production', 'staging', 'benchmark', 'prodution', '']

describe('production rules', () => {
  it('apply to every NODE_ENV but development and test, and to none at all', () => {
    for (const nodeEnv of PRODUCTION_LIKE) {
      expect(isProductionLike(nodeEnv)).toBe(true)
    }
    withEnv({ NODE_ENV: undefined }, () =>
      expect(isProductionLike()).toBe(true)
    )
    expect(isProductionLike('development')).toBe(false)
    expect(isProductionLike('test')).toBe(false)
  })

  it.each(PRODUCTION_LIKE)(
    'NODE_ENV=%p needs REDIS_URL and an encryption key, and refuses the console and outbox transports',
    (nodeEnv) => {
      const env = {
        NODE_ENV: nodeEnv,
        SESSION_SECRET: STRONG,
        TWO_FACTOR_ENCRYPTION_KEY: STRONG,
      }
      withEnv({ ...env, REDIS_URL: undefined, SMS_PROVIDER: 'plivo' }, () =>
        expect(config).toThrow(/REDIS_URL is required/)
      )
      for (const provider of ['console', 'outbox']) {
        withEnv(
          {
            ...env,
            REDIS_URL: 'redis://127.0.0.1:6379',
            SMS_PROVIDER: provider,
          },
          () => expect(config).toThrow(`SMS_PROVIDER=${provider} would not`)
        )
      }
      withEnv(
        {
          ...env,
          TWO_FACTOR_ENCRYPTION_KEY: undefined,
          REDIS_URL: 'redis://127.0.0.1:6379',
          SMS_PROVIDER: 'plivo',
        },
        () => expect(config).toThrow(/TWO_FACTOR_ENCRYPTION_KEY is required/)
      )
      // Info keeps the audit trail.
      expect(defaultLogLevel({ NODE_ENV: nodeEnv })).toBe('info')
    }
  )

  it('development keeps its embedded defaults', () => {
    withEnv(
      {
        NODE_ENV: 'development',
        SESSION_SECRET: STRONG,
        REDIS_URL: undefined,
        SMS_PROVIDER: 'console',
      },
      () => {
        expect(config().redisUrl).toBeUndefined()
        expect(config().sms.providers).toEqual(['console'])
      }
    )
  })

  it('SMS_ALLOW_DEV_TRANSPORTS=1 lets the benchmark read its codes, but never production', () => {
    const env = {
      SESSION_SECRET: STRONG,
      TWO_FACTOR_ENCRYPTION_KEY: STRONG,
      REDIS_URL: 'redis://127.0.0.1:6379',
      SMS_PROVIDER: 'outbox',
      SMS_ALLOW_DEV_TRANSPORTS: '1',
    }
    withEnv({ ...env, NODE_ENV: 'benchmark' }, () => {
      expect(config().sms.providers).toEqual(['outbox'])
      expect(config().isProductionLike).toBe(true)
    })
    withEnv({ ...env, NODE_ENV: 'production' }, () =>
      expect(config).toThrow(/SMS_ALLOW_DEV_TRANSPORTS=1 is refused/)
    )
  })
})

describe('SMS providers at start', () => {
  const PLIVO = {
    PLIVO_AUTH_ID: 'MAZDQ1ZJIYMDZKMMZKYM',
    PLIVO_AUTH_TOKEN: 'plivo-token-that-must-not-be-echoed',
    PLIVO_PHONE_NUMBER: '+12015550100',
  }
  const TWILIO = {
    TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
    TWILIO_AUTH_TOKEN: 'twilio-token-that-must-not-be-echoed',
    TWILIO_FROM: '+12015550101',
  }
  const NONE = Object.fromEntries(
    Object.keys({ ...PLIVO, ...TWILIO }).map((name) => [name, undefined])
  )
  const production = {
    ...NONE,
    NODE_ENV: 'production',
    SESSION_SECRET: STRONG,
    TWO_FACTOR_ENCRYPTION_KEY: STRONG,
    REDIS_URL: 'redis://127.0.0.1:6379',
    SMS_ALLOW_DEV_TRANSPORTS: undefined,
    SMS_TIMEOUT_MS: undefined,
  }

  it('twilio alone bounds its send by 10 s; a failover pair, in either order, 5 s each', () => {
    withEnv({ ...production, ...TWILIO, SMS_PROVIDER: 'twilio' }, () => {
      expect(config().sms.providers).toEqual(['twilio'])
      expect(config().sms.timeoutMs).toBe(10_000)
    })
    for (const [list, order] of [
      ['plivo,twilio', ['plivo', 'twilio']],
      [' twilio , plivo ', ['twilio', 'plivo']],
    ] as const) {
      withEnv(
        { ...production, ...PLIVO, ...TWILIO, SMS_PROVIDER: list },
        () => {
          expect(config().sms.providers).toEqual(order)
          expect(config().sms.timeoutMs).toBe(5_000)
        }
      )
    }
    withEnv(
      {
        ...production,
        ...PLIVO,
        ...TWILIO,
        SMS_PROVIDER: 'plivo,twilio',
        SMS_TIMEOUT_MS: '2500',
      },
      () => expect(config().sms.timeoutMs).toBe(2_500)
    )
  })

  it.each([
    [
      'twilio',
      { ...PLIVO, ...TWILIO, TWILIO_AUTH_TOKEN: undefined },
      /SMS_PROVIDER names twilio, which needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM: TWILIO_AUTH_TOKEN is not set/,
    ],
    [
      'plivo,twilio',
      { ...PLIVO },
      /SMS_PROVIDER names twilio, .*: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM are not set/,
    ],
    [
      'twilio,plivo',
      { ...TWILIO, ...PLIVO, PLIVO_PHONE_NUMBER: '' },
      /SMS_PROVIDER names plivo, .*: PLIVO_PHONE_NUMBER is not set/,
    ],
  ])(
    'SMS_PROVIDER=%s without every credential of every provider named stops the api',
    (list, credentials, message) => {
      withEnv({ ...production, ...credentials, SMS_PROVIDER: list }, () => {
        expect(config).toThrow(message)
        let text = ''
        try {
          config()
        } catch (error) {
          text = (error as Error).message
        }
        expect(text).not.toContain(PLIVO.PLIVO_AUTH_TOKEN)
        expect(text).not.toContain(TWILIO.TWILIO_AUTH_TOKEN)
      })
      // Development needs them as well: a named provider cannot send without.
      withEnv(
        {
          ...production,
          ...credentials,
          NODE_ENV: 'development',
          SMS_PROVIDER: list,
        },
        () => expect(config).toThrow(message)
      )
    }
  )

  it('a Twilio account SID that is not one (an API key SID, SK…) is refused at start', () => {
    withEnv(
      {
        ...production,
        ...TWILIO,
        SMS_PROVIDER: 'twilio',
        TWILIO_ACCOUNT_SID: 'SK0123456789abcdef0123456789abcdef',
      },
      () =>
        expect(config).toThrow(/TWILIO_ACCOUNT_SID must be .* starts with AC/)
    )
  })

  it.each(['plivo,plivo', 'plivo,twilio,console', 'sns', 'plivo,', 'Twilio'])(
    'SMS_PROVIDER=%p is refused with what it may be',
    (list) => {
      withEnv({ ...production, ...PLIVO, ...TWILIO, SMS_PROVIDER: list }, () =>
        expect(config).toThrow(
          /SMS_PROVIDER must be plivo, twilio, console or outbox, or two different ones separated by a comma/
        )
      )
    }
  )

  it('production rules refuse console or outbox in a failover pair too', () => {
    for (const list of ['twilio,outbox', 'console,plivo']) {
      withEnv({ ...production, ...PLIVO, ...TWILIO, SMS_PROVIDER: list }, () =>
        expect(config).toThrow(
          /would not deliver codes to anyone.*plivo or twilio/
        )
      )
    }
  })

  it('the graphql function refuses to load without them, and loads with both providers set up', () => {
    withEnv(
      {
        ...production,
        ...PLIVO,
        ...TWILIO,
        SMS_PROVIDER: 'plivo,twilio',
        TWILIO_FROM: undefined,
      },
      () => {
        jest.isolateModules(() => {
          expect(() => require('src/functions/graphql')).toThrow(
            /SMS_PROVIDER names twilio, .*: TWILIO_FROM is not set/
          )
        })
      }
    )
    withEnv(
      {
        ...production,
        ...PLIVO,
        ...TWILIO,
        NODE_ENV: 'test',
        // The in-process store: loading connects to no Redis.
        REDIS_URL: undefined,
        SMS_PROVIDER: 'plivo,twilio',
      },
      () => {
        jest.isolateModules(() => {
          expect(require('src/functions/graphql').handler).toEqual(
            expect.any(Function)
          )
        })
      }
    )
  })

  it('without SMS_PROVIDER, Twilio credentials alone choose twilio', () => {
    withEnv(
      {
        ...production,
        ...TWILIO,
        NODE_ENV: 'development',
        SMS_PROVIDER: undefined,
      },
      () => expect(config().sms.providers).toEqual(['twilio'])
    )
    withEnv(
      {
        ...production,
        ...PLIVO,
        ...TWILIO,
        NODE_ENV: 'development',
        SMS_PROVIDER: undefined,
      },
      () => expect(config().sms.providers).toEqual(['plivo'])
    )
  })
})

describe('keys at start', () => {
  it.each([
    ['unset', undefined, /SESSION_SECRET is not set/],
    ['short', 'tooshort', /SESSION_SECRET is too weak to use: it is 8 bytes/],
    ['a placeholder', 'changeme'.repeat(5), /SESSION_SECRET is too weak/],
    // dbAuth keys the cookie with the first 32 characters only.
    [
      'weak where dbAuth reads it',
      'a'.repeat(32) + STRONG,
      /SESSION_SECRET's first 32 characters \(dbAuth's cookie key\) is too weak/,
    ],
    // As an AES key these 32 characters are 64 bytes: every sign-up would fail.
    [
      'not ASCII at the start',
      'ключ'.repeat(8) + STRONG,
      /32 ASCII characters/,
    ],
  ])(
    'a SESSION_SECRET that is %s stops the api from starting',
    (_c, secret, message) => {
      withEnv({ SESSION_SECRET: secret }, () => {
        expect(config).toThrow(message)
        expect(config).toThrow(/randomBytes\(32\)/)
      })
    }
  )

  it('OTP_HMAC_SECRET, when set, must be as strong', () => {
    withEnv({ SESSION_SECRET: STRONG, OTP_HMAC_SECRET: 'secret123' }, () =>
      expect(config).toThrow(/OTP_HMAC_SECRET is too weak/)
    )
    withEnv({ SESSION_SECRET: STRONG, OTP_HMAC_SECRET: STRONG }, () =>
      expect(config().otp.hmacKey).toEqual(Buffer.from(STRONG))
    )
  })

  it('TWO_FACTOR_ENCRYPTION_KEY must be 32 random bytes, and so must a previous key', () => {
    const patterned = Buffer.alloc(32, 7).toString('base64')
    withEnv(
      { SESSION_SECRET: STRONG, TWO_FACTOR_ENCRYPTION_KEY: patterned },
      () => expect(config).toThrow(/TWO_FACTOR_ENCRYPTION_KEY is too weak/)
    )
    const short = crypto.randomBytes(16).toString('base64')
    withEnv({ SESSION_SECRET: STRONG, TWO_FACTOR_ENCRYPTION_KEY: short }, () =>
      expect(config).toThrow(/TWO_FACTOR_ENCRYPTION_KEY/)
    )
    const good = crypto.randomBytes(32).toString('base64')
    withEnv(
      {
        SESSION_SECRET: STRONG,
        TWO_FACTOR_ENCRYPTION_KEY: good,
        TWO_FACTOR_PREVIOUS_ENCRYPTION_KEYS: `${crypto.randomBytes(32).toString('hex')},${patterned}`,
      },
      () =>
        expect(config).toThrow(
          /TWO_FACTOR_PREVIOUS_ENCRYPTION_KEYS is too weak/
        )
    )
    withEnv({ SESSION_SECRET: STRONG, TWO_FACTOR_ENCRYPTION_KEY: good }, () =>
      expect(config().totp.encryptionKeys.all).toHaveLength(1)
    )
  })

  it('the auth and graphql functions refuse to load with a weak key, before any sign-up', () => {
    withEnv({ SESSION_SECRET: 'password'.repeat(4) }, () => {
      jest.isolateModules(() => {
        expect(() => require('src/functions/auth')).toThrow(
          /SESSION_SECRET is too weak/
        )
      })
      jest.isolateModules(() => {
        expect(() => require('src/functions/graphql')).toThrow(
          /SESSION_SECRET is too weak/
        )
      })
    })
  })
})

describe('the WebOTP line', () => {
  it('names the domain whenever the app knows it', () => {
    expect(webOtpDomain({ WEB_OTP_DOMAIN: 'login.example.com' })).toBe(
      'login.example.com'
    )
    expect(webOtpDomain({ APP_URL: 'https://app.example.com:8443/x' })).toBe(
      'app.example.com'
    )
    expect(
      webOtpDomain({
        WEB_OTP_DOMAIN: 'login.example.com',
        APP_URL: 'https://app.example.com',
      })
    ).toBe('login.example.com')
    // `yarn rw dev` serves the app at localhost.
    expect(webOtpDomain({ NODE_ENV: 'development' })).toBe('localhost')
  })

  it('is left out when the app does not know its domain', () => {
    expect(webOtpDomain({ NODE_ENV: 'production' })).toBeUndefined()
    expect(webOtpDomain({ NODE_ENV: 'test' })).toBeUndefined()
  })

  it('refuses an APP_URL that is not a URL', () => {
    expect(() => webOtpDomain({ APP_URL: 'app.example.com' })).toThrow(
      /APP_URL must be an absolute URL/
    )
  })
})
