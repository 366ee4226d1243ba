// What the bench sends (the requests the web side makes), how it reads the
// answers, and rounds of them driven by autocannon.
import fs from 'node:fs'

import autocannon from 'autocannon'

import { PASSWORD } from './app.mjs'
import { cpuSeconds } from './processes.mjs'

export const LABELS = {
  ceiling: 'ceiling',
  status: 'twoFactorStatus',
  request: 'requestOtp',
  verify: 'verifyOtp',
}
const QUERIES = {
  ceiling: 'query Ok { ok }',
  status: 'query S { twoFactorStatus { enabled verified phoneNumberHint } }',
  request: 'mutation R { requestOtp { success retryAfterSeconds } }',
  verify: 'mutation V($otp: String!) { verifyOtp(otp: $otp) { success } }',
}
const FIELDS = { ...LABELS, ceiling: 'ok' }

/**
 * POST /graphql as dbAuth's web client sends it: the auth-provider header, a
 * Bearer token (the user id; the api reads the session from the cookie but
 * refuses a malformed Authorization header) and the cookies login set.
 */
const graphqlRequest = (op, session, otp) => ({
  method: 'POST',
  path: '/graphql',
  headers: {
    'content-type': 'application/json',
    ...(session && {
      'auth-provider': 'dbAuth',
      authorization: `Bearer ${session.user.id}`,
      cookie: `auth-provider=dbAuth; ${session.cookie}`,
    }),
  },
  body: JSON.stringify({
    query: QUERIES[op],
    variables: op === 'verify' ? { otp } : undefined,
  }),
})

/** 'OK', or the error's stable extensions.code, or what came back instead. */
const outcomeOf = (op, status, body) => {
  try {
    const { data, errors } = JSON.parse(body)
    const answer = data?.[FIELDS[op]]
    if (answer !== undefined && answer !== null && answer.success !== false) {
      return 'OK'
    }
    return errors?.[0]?.extensions?.code ?? `HTTP_${status}`
  } catch {
    return `HTTP_${status}`
  }
}

/** `session_2fa=<value>` from a response's Set-Cookie headers, or null. */
const sessionCookieOf = (headers) =>
  [headers['set-cookie'] ?? []]
    .flat()
    .map((cookie) => String(cookie).split(';')[0].trim())
    .find((cookie) => /^session[^=]*=./.test(cookie)) ?? null

/** Nearest-rank percentile of unsorted samples. */
export const percentile = (samples, p) => {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]
}

/** `count` items taken round-robin from `list`. */
export const cycle = (list, count) =>
  Array.from({ length: count }, (_, i) => list[i % list.length])

/** Reads the latest code texted to each number from the outbox's JSON lines. */
const followOutbox = (file) => {
  fs.writeFileSync(file, '')
  let offset = 0
  return (sessions) => {
    const text = fs.readFileSync(file).subarray(offset).toString('utf8')
    const whole = text.slice(0, text.lastIndexOf('\n') + 1) // the api may be mid-line
    offset += Buffer.byteLength(whole)
    const latest = new Map()
    for (const line of whole.split('\n').filter(Boolean)) {
      const { to, text: message } = JSON.parse(line)
      latest.set(to, message.match(/\b(\d{6})\b/)?.[1] ?? latest.get(to))
    }
    for (const session of sessions) {
      session.code = latest.get(session.user.phone) ?? session.code
    }
  }
}

/**
 * Requests to the server on 127.0.0.1:`port`: `pid` is the process each
 * round's CPU is charged to, `outbox` the file its texts go to.
 */
export const createClient = (port, pid, outbox) => {
  const url = `http://127.0.0.1:${port}`
  const readCodes = outbox ? followOutbox(outbox) : () => {}

  /**
   * Exactly one request per item over `connections` keep-alive connections;
   * a free connection takes the next item, so neighbouring items are in
   * flight together (the security checks race duplicates that way). Latency
   * is timed here, in microseconds (autocannon's histogram has whole
   * milliseconds), and throughput counts to the last answer.
   */
  const round = async (
    items,
    { connections, toRequest, outcome, onAnswer }
  ) => {
    let next = 0
    let endedAt
    const latenciesMs = []
    const outcomes = {}
    const cpuBefore = cpuSeconds(pid)
    const startedAt = process.hrtime.bigint()
    const result = await autocannon({
      url,
      connections: Math.min(connections, items.length),
      amount: items.length,
      timeout: 60,
      sampleInt: 10,
      requests: [
        {
          setupRequest: (request, context) => {
            context.item = items[next++]
            context.sentAt = process.hrtime.bigint()
            return { ...request, ...toRequest(context.item) }
          },
          onResponse: (status, body, context, headers) => {
            endedAt = process.hrtime.bigint()
            latenciesMs.push(Number(endedAt - context.sentAt) / 1e6)
            const answer = outcome(status, body, headers)
            outcomes[answer] = (outcomes[answer] ?? 0) + 1
            onAnswer?.(context.item, answer, headers)
          },
        },
      ],
    })
    if (
      latenciesMs.length !== items.length ||
      result.errors ||
      result.timeouts
    ) {
      throw new Error(
        `A round lost requests: ${latenciesMs.length} of ${items.length} answered`
      )
    }
    return {
      count: items.length,
      seconds: Number(endedAt - startedAt) / 1e9,
      latenciesMs,
      outcomes,
      cpuSeconds: cpuSeconds(pid) - cpuBefore,
      startedAt,
      endedAt,
    }
  }

  /**
   * A GraphQL operation once per item; `sessionOf` and `otpOf` pick what an
   * item sends (by default the item is a session sending its own code). A
   * successful verify re-issues the session, which keeps the new cookie.
   */
  const send = async (op, items, options) => {
    const { sessionOf = (item) => item, otpOf, onAnswer } = options
    const batch = await round(items, {
      connections: options.connections,
      toRequest: (item) =>
        graphqlRequest(
          op,
          sessionOf(item),
          otpOf?.(item) ?? sessionOf(item)?.code
        ),
      outcome: (status, body) => outcomeOf(op, status, body),
      onAnswer: (item, outcome, headers) => {
        if (op === 'verify' && outcome === 'OK') {
          sessionOf(item).cookie = sessionCookieOf(headers)
        }
        onAnswer?.(item, outcome)
      },
    })
    if (op === 'request') {
      readCodes(items.map(sessionOf))
    }
    return batch
  }

  const expectOk = (what, batch) => {
    if (Object.keys(batch.outcomes).some((outcome) => outcome !== 'OK')) {
      throw new Error(`${what}: ${JSON.stringify(batch.outcomes)}`)
    }
    return batch
  }

  return {
    send,
    /** The measured flows, where anything but success fails the run. */
    sendOk: async (op, items, connections) =>
      expectOk(LABELS[op], await send(op, items, { connections })),
    /**
     * Signs each account in through /auth: a pending session each. A login
     * that failed (on a machine this busy, a Redis call can time out) is
     * tried once more, alone.
     */
    logIn: async (users, connections = 4) => {
      if (users.length === 0) {
        return []
      }
      const [sessions, failed] = [[], []]
      const login = (list, n) =>
        round(list, {
          connections: n,
          toRequest: (user) => ({
            method: 'POST',
            path: '/auth',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              method: 'login',
              username: user.email,
              password: PASSWORD,
            }),
          }),
          outcome: (status, _, headers) =>
            status === 200 && sessionCookieOf(headers)
              ? 'OK'
              : `HTTP_${status}`,
          onAnswer: (user, outcome, headers) =>
            outcome === 'OK'
              ? sessions.push({ user, cookie: sessionCookieOf(headers) })
              : failed.push(user),
        })
      await login(users, connections)
      if (failed.length > 0) {
        expectOk('login', await login(failed.splice(0), 1))
      }
      return sessions
    },
  }
}
