import querystring from 'node:querystring'

import type Redis from 'ioredis'
import nock from 'nock'

import { resetConfig } from '../config'
import { useSmsTransport } from '../sms'

import { useRealRedisForEachTest } from './twoFactorTestkit'

/**
 * Both SMS providers' HTTP, intercepted with nock so their real SDKs build
 * and send each request: a test answers as the provider would and reads what
 * the SDK put on the wire. Fictional credentials; no request leaves the
 * machine (tests call nock.disableNetConnect()).
 */
export const PLIVO = {
  PLIVO_AUTH_ID: 'MAZDQ1ZJIYMDZKMMZKYM',
  PLIVO_AUTH_TOKEN: 'plivo-test-token-0123456789abcdef',
  PLIVO_PHONE_NUMBER: '+12015550100',
}

export const TWILIO = {
  TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000001',
  TWILIO_AUTH_TOKEN: 'twilio-test-token-0123456789abcdef',
  TWILIO_FROM: '+12015550199',
}

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

export const PLIVO_AUTH = basic(PLIVO.PLIVO_AUTH_ID, PLIVO.PLIVO_AUTH_TOKEN)
export const TWILIO_AUTH = basic(
  TWILIO.TWILIO_ACCOUNT_SID,
  TWILIO.TWILIO_AUTH_TOKEN
)

export type SeenRequest = {
  authorization: string
  contentType: string
  body: Record<string, string>
}

type Answer = { delayMs?: number }

const parseBody = (body: unknown): Record<string, string> => {
  if (typeof body !== 'string') return body as Record<string, string>
  try {
    return JSON.parse(body)
  } catch {
    // Twilio posts application/x-www-form-urlencoded.
    return { ...querystring.parse(body) } as Record<string, string>
  }
}

const answers = (
  origin: string,
  path: string,
  status: number,
  reply: object,
  { delayMs = 0 }: Answer
) => {
  const seen: SeenRequest[] = []
  const json = JSON.stringify(reply)
  const scope = nock(origin)
    .post(path)
    .delay(delayMs)
    .reply(
      status,
      function (_uri, body) {
        seen.push({
          authorization: String(this.req.headers.authorization),
          contentType: String(this.req.headers['content-type']),
          body: parseBody(body),
        })
        return json
      },
      // Twilio's SDK sends `Connection: keep-alive`; nock 14 writes a mocked
      // body without a length, which such a client waits on forever
      // (nock/nock#3001). A real API answers with a length, so the mock does.
      {
        'Content-Type': 'application/json',
        'Content-Length': String(Buffer.byteLength(json)),
      }
    )
  return { scope, seen }
}

/** Answers one Plivo send and records what the SDK put on the wire. */
export const plivoAnswers = (status: number, reply: object, answer = {}) =>
  answers(
    'https://api.plivo.com',
    `/v1/Account/${PLIVO.PLIVO_AUTH_ID}/Message/`,
    status,
    reply,
    answer
  )

export const TWILIO_MESSAGES_PATH = `/2010-04-01/Accounts/${TWILIO.TWILIO_ACCOUNT_SID}/Messages.json`

/** Answers one Twilio send and records what the SDK put on the wire. */
export const twilioAnswers = (status: number, reply: object, answer = {}) =>
  answers('https://api.twilio.com', TWILIO_MESSAGES_PATH, status, reply, answer)

/** Twilio's answer to an accepted message (abridged). */
export const twilioQueued = (to: string, body: string) => ({
  sid: 'SM00000000000000000000000000000001',
  account_sid: TWILIO.TWILIO_ACCOUNT_SID,
  from: TWILIO.TWILIO_FROM,
  to,
  body,
  status: 'queued',
  num_segments: '1',
  direction: 'outbound-api',
  api_version: '2010-04-01',
  uri: `${TWILIO_MESSAGES_PATH.replace('.json', '')}/SM00000000000000000000000000000001.json`,
})

/** Plivo's answer to an accepted message. */
export const PLIVO_QUEUED = {
  api_id: 'd1f0a8b2-0000-0000-0000-000000000000',
  message: 'message(s) queued',
  message_uuid: ['5b40a428-0000-0000-0000-000000000000'],
}

export const codeIn = (text = '') => text.match(/(\d{6}) is your /)?.[1]

/**
 * Sets these variables for each test (undefined: unset) and puts the old
 * values back after it.
 */
export const useEnvForEachTest = (vars: Record<string, string | undefined>) => {
  // Tests read the environment at run time, by name.
  const env: Record<string, string | undefined> = process.env
  const saved: Record<string, string | undefined> = {}
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete env[name]
      else env[name] = value
    }
  }
  beforeEach(() => {
    for (const name of Object.keys(vars)) saved[name] = env[name]
    apply(vars)
  })
  afterEach(() => apply(saved))
}

/**
 * Each test of the file sends through the real SDKs of the providers `env`
 * names, their HTTP intercepted by nock and nothing let onto the network, on
 * the real test Redis (flushed first). Returns that Redis client.
 */
export const useRealProvidersForEachTest = (
  env: Record<string, string | undefined>
): Redis => {
  const client = useRealRedisForEachTest()
  beforeAll(() => nock.disableNetConnect())
  afterAll(() => nock.enableNetConnect())
  useEnvForEachTest(env)
  const buildRealTransports = () => {
    resetConfig()
    useSmsTransport(undefined)
  }
  // After the flush, which installs a recording transport: the real ones,
  // built from `env`.
  beforeEach(buildRealTransports)
  afterEach(() => {
    nock.abortPendingRequests()
    nock.cleanAll()
    buildRealTransports()
  })
  return client
}
