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
        expect(config().sms.provider).toBe('console')
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
      expect(config().sms.provider).toBe('outbox')
      expect(config().isProductionLike).toBe(true)
    })
    withEnv({ ...env, NODE_ENV: 'production' }, () =>
      expect(config).toThrow(/SMS_ALLOW_DEV_TRANSPORTS=1 is refused/)
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
