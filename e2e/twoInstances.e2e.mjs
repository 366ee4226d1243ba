/* eslint-env node, es2022 */
// Two built api instances on one Redis and one database, as behind a load
// balancer: every limit holds when an attack is spread over both, and a
// session is the same session whichever instance answers.
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { after, before, describe, test } from 'node:test'

import { startApiInstances } from './app.mjs'

const PASSWORD = 'a long enough password for two instances'

// The limits under test, pinned so that a developer's .env cannot move them
// (README: 5 wrong guesses per code, 10 failures per account, 5 per session).
const OTP_MAX_ATTEMPTS = 5
const TWO_FACTOR_MAX_FAILURES = 10
const MAX_FAILURES_PER_SESSION = 5

let a
let b
let outbox
let stopAll

before(async () => {
  const started = await startApiInstances({
    names: ['a', 'b'],
    extraEnv: {
      // Production rules (any NODE_ENV but development and test), as the
      // instances behind a balancer would run; the outbox, which production
      // itself refuses, is allowed for a NODE_ENV of the test's own.
      NODE_ENV: 'multi-instance-test',
      SMS_ALLOW_DEV_TRANSPORTS: '1',
      TWO_FACTOR_ENCRYPTION_KEY: crypto.randomBytes(32).toString('base64'),
      OTP_MAX_ATTEMPTS: String(OTP_MAX_ATTEMPTS),
      TWO_FACTOR_MAX_FAILURES: String(TWO_FACTOR_MAX_FAILURES),
      TWO_FACTOR_MAX_FAILURES_PER_SESSION: String(MAX_FAILURES_PER_SESSION),
      // Sending is not what this file tests: a code whenever one is asked for.
      OTP_RESEND_COOLDOWN_SECONDS: '1',
      OTP_MAX_SENDS_PER_HOUR: '100',
      OTP_MAX_SENDS_PER_NUMBER_PER_HOUR: '100',
    },
  })
  ;[a, b] = started.instances
  outbox = started.outbox
  stopAll = started.stop
})

after(async () => {
  await stopAll?.()
})

/** `session_2fa=…` from a response's Set-Cookie headers, or null. */
const sessionCookieOf = (response) =>
  response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0].trim())
    .find((cookie) => /^session[^=]*=./.test(cookie)) ?? null

/** dbAuth's /auth on `instance`, as the web side posts it. */
const auth = async (instance, body, session) => {
  const response = await fetch(`${instance.url}/auth`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: instance.url,
      ...(session ? { cookie: session.cookie } : {}),
    },
    body: JSON.stringify(body),
  })
  return {
    status: response.status,
    body: await response.json().catch(() => null),
    cookie: sessionCookieOf(response),
  }
}

/**
 * One GraphQL operation on `instance` with `session`'s cookie, as the dbAuth
 * web client sends it. Returns 'OK', the error's extensions.code, or HTTP_n;
 * a re-issued session cookie comes back as `cookie`.
 */
const graphql = async (instance, session, query, variables) => {
  const response = await fetch(`${instance.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'auth-provider': 'dbAuth',
      authorization: `Bearer ${session.user.id}`,
      cookie: `auth-provider=dbAuth; ${session.cookie}`,
    },
    body: JSON.stringify({ query, variables }),
  })
  const body = await response.json().catch(() => null)
  const field = body?.data && Object.values(body.data)[0]
  const outcome =
    body?.errors?.[0]?.extensions?.code ??
    (field && field.success !== false ? 'OK' : `HTTP_${response.status}`)
  return { outcome, data: body?.data, cookie: sessionCookieOf(response) }
}

const ME = '{ me { id email } }'
const SET_PHONE =
  'mutation ($phoneNumber: String!) { setPhoneNumber(phoneNumber: $phoneNumber) { success } }'
const REQUEST_OTP = 'mutation { requestOtp { success } }'
const VERIFY_OTP =
  'mutation ($otp: String!) { verifyOtp(otp: $otp) { success } }'
const ENABLE = 'mutation { enableTwoFactorAuth { success } }'

const verify = (instance, session, otp) =>
  graphql(instance, session, VERIFY_OTP, { otp })

let accounts = 0

/** A new account, signed up on `instance`, with its signed-in session. */
const signUp = async (instance) => {
  accounts++
  const email = `two-instances-${accounts}-${Date.now()}@example.com`
  const answer = await auth(instance, {
    method: 'signup',
    username: email,
    password: PASSWORD,
  })
  assert.equal(answer.status, 201, JSON.stringify(answer.body))
  assert.ok(answer.cookie, 'sign-up set no session cookie')
  // A number of its own per account (555-01xx: fictional), so the outbox
  // tells whose code is whose.
  const phoneNumber = `+1201555${String(100 + accounts).padStart(4, '0')}`
  return {
    user: { id: answer.body.id, email, phoneNumber },
    cookie: answer.cookie,
  }
}

/** A password login on `instance`: a session that owes its second factor. */
const logIn = async (instance, user) => {
  const answer = await auth(instance, {
    method: 'login',
    username: user.email,
    password: PASSWORD,
  })
  assert.equal(answer.status, 200, JSON.stringify(answer.body))
  return { user, cookie: answer.cookie }
}

/** Asks for a code on `instance` and reads it from the outbox. */
const requestCode = async (instance, session) => {
  const seen = outbox.count()
  assert.equal((await graphql(instance, session, REQUEST_OTP)).outcome, 'OK')
  return outbox.nextCode({ to: session.user.phoneNumber, seen })
}

/**
 * A new account with SMS 2FA on, each step on the other instance than the
 * one before: number saved on A, code asked for on B, verified on A, 2FA
 * turned on on B.
 */
const accountWithTwoFactor = async () => {
  const session = await signUp(a)
  const { phoneNumber } = session.user
  assert.equal(
    (await graphql(a, session, SET_PHONE, { phoneNumber })).outcome,
    'OK'
  )
  const code = await requestCode(b, session)
  const verified = await verify(a, session, code)
  assert.equal(verified.outcome, 'OK')
  const upgraded = { ...session, cookie: verified.cookie ?? session.cookie }
  assert.equal((await graphql(b, upgraded, ENABLE)).outcome, 'OK')
  return session.user
}

/** A six-digit code that is not `code`. */
const wrongCode = (code, n) =>
  String((Number(code) + 1 + n) % 1_000_000).padStart(6, '0')

const tally = (outcomes) =>
  outcomes.reduce(
    (counts, outcome) => ({ ...counts, [outcome]: (counts[outcome] ?? 0) + 1 }),
    {}
  )

/** Instance by index, alternating, so every burst is split over both. */
const alternate = (index) => (index % 2 === 0 ? a : b)

describe('two api instances on one Redis and one database', () => {
  test('a session made on one works on the other, and a logout on one ends it on both', async () => {
    const signedUp = await signUp(a)
    const me = await graphql(b, signedUp, ME)
    assert.equal(me.outcome, 'OK')
    assert.equal(me.data.me.email, signedUp.user.email)

    assert.equal((await auth(b, { method: 'logout' }, signedUp)).status, 200)
    // The browser would drop the cookie; an attacker who copied it keeps it.
    assert.equal((await graphql(a, signedUp, ME)).outcome, 'UNAUTHENTICATED')
    assert.equal((await graphql(b, signedUp, ME)).outcome, 'UNAUTHENTICATED')

    // A 2FA sign-in: password on A, code asked for on B, verified on A.
    const user = await accountWithTwoFactor()
    const pending = await logIn(a, user)
    assert.equal(
      (await graphql(b, pending, ME)).outcome,
      'SECOND_FACTOR_REQUIRED'
    )
    const code = await requestCode(b, pending)
    const verified = await verify(a, pending, code)
    assert.equal(verified.outcome, 'OK')
    const full = { user, cookie: verified.cookie }
    assert.equal((await graphql(b, full, ME)).outcome, 'OK')
    // The session was re-issued: its pre-2FA cookie is dead on both.
    assert.equal((await graphql(a, pending, ME)).outcome, 'UNAUTHENTICATED')
    assert.equal((await graphql(b, pending, ME)).outcome, 'UNAUTHENTICATED')

    assert.equal((await auth(a, { method: 'logout' }, full)).status, 200)
    assert.equal((await graphql(b, full, ME)).outcome, 'UNAUTHENTICATED')
    assert.equal((await graphql(a, full, ME)).outcome, 'UNAUTHENTICATED')
  })

  test(`wrong guesses at one code split over both stop at ${OTP_MAX_ATTEMPTS}`, async () => {
    const user = await accountWithTwoFactor()
    const sessions = [await logIn(a, user), await logIn(b, user)]
    const code = await requestCode(a, sessions[0])

    // 8 at once, 4 per session (under its own cap), alternating instances.
    const guesses = 8
    const perSession = guesses / sessions.length
    const outcomes = await Promise.all(
      Array.from({ length: guesses }, (_, n) =>
        verify(
          alternate(n),
          sessions[Math.floor(n / perSession)],
          wrongCode(code, n)
        ).then((answer) => answer.outcome)
      )
    )
    const counts = tally(outcomes)

    // Exactly five were compared with the code; the fifth killed it.
    assert.equal(
      (counts.OTP_INVALID ?? 0) + (counts.OTP_ATTEMPTS_EXCEEDED ?? 0),
      OTP_MAX_ATTEMPTS,
      JSON.stringify(counts)
    )
    assert.equal(counts.OTP_ATTEMPTS_EXCEEDED, 1, JSON.stringify(counts))
    assert.equal(
      counts.OTP_EXPIRED,
      guesses - OTP_MAX_ATTEMPTS,
      JSON.stringify(counts)
    )
    // The right code is dead on both instances.
    assert.notEqual((await verify(b, sessions[0], code)).outcome, 'OK')
    assert.notEqual((await verify(a, sessions[1], code)).outcome, 'OK')
  })

  test(`failures split over both lock the account at ${TWO_FACTOR_MAX_FAILURES}`, async () => {
    const user = await accountWithTwoFactor()
    const sessions = []
    for (let n = 0; n < 4; n++) {
      sessions.push(await logIn(alternate(n), user))
    }
    const code = await requestCode(b, sessions[0])

    // 16 at once, 4 per session (under its own cap), alternating instances.
    const guesses = 16
    const perSession = guesses / sessions.length
    const outcomes = await Promise.all(
      Array.from({ length: guesses }, (_, n) =>
        verify(
          alternate(n),
          sessions[Math.floor(n / perSession)],
          wrongCode(code, n)
        ).then((answer) => answer.outcome)
      )
    )
    const counts = tally(outcomes)

    // The tenth failure locks (and answers TWO_FACTOR_LOCKED itself); no
    // attempt after it is counted or compared.
    const lockedAnswers = counts.TWO_FACTOR_LOCKED ?? 0
    assert.equal(
      guesses - lockedAnswers,
      TWO_FACTOR_MAX_FAILURES - 1,
      JSON.stringify(counts)
    )
    assert.ok(
      (counts.OTP_INVALID ?? 0) + (counts.OTP_ATTEMPTS_EXCEEDED ?? 0) <=
        OTP_MAX_ATTEMPTS,
      JSON.stringify(counts)
    )
    assert.equal(counts.TOO_MANY_FAILED_ATTEMPTS, undefined)

    // Locked on both: no code is texted, and nothing verifies.
    const texts = outbox.count()
    for (const [n, instance] of [a, b].entries()) {
      assert.equal(
        (await graphql(instance, sessions[n], REQUEST_OTP)).outcome,
        'TWO_FACTOR_LOCKED'
      )
      assert.equal(
        (await verify(instance, sessions[n], code)).outcome,
        'TWO_FACTOR_LOCKED'
      )
    }
    assert.equal(outbox.count(), texts)
  })

  test('20 parallel uses of one code across both give exactly one success', async () => {
    const user = await accountWithTwoFactor()
    const sessions = []
    for (let n = 0; n < 4; n++) {
      sessions.push(await logIn(alternate(n), user))
    }
    const code = await requestCode(a, sessions[0])

    const uses = 20
    const perSession = uses / sessions.length
    const answers = await Promise.all(
      Array.from({ length: uses }, (_, n) =>
        verify(alternate(n), sessions[Math.floor(n / perSession)], code)
      )
    )
    const counts = tally(answers.map((answer) => answer.outcome))

    assert.equal(counts.OK, 1, JSON.stringify(counts))
    // Every other answer is a refusal with a code, never a server error.
    assert.ok(
      Object.keys(counts).every((outcome) => !outcome.startsWith('HTTP_')),
      JSON.stringify(counts)
    )
    const winner = answers.find((answer) => answer.outcome === 'OK')
    const full = { user, cookie: winner.cookie }
    assert.equal((await graphql(a, full, ME)).outcome, 'OK')
    assert.equal((await graphql(b, full, ME)).outcome, 'OK')
  })
})
