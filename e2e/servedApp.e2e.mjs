/* eslint-env node, es2022 */
// The built app as `yarn rw serve` serves it: the security headers of pages
// (from the web server) and of api answers (through the web server's proxy
// and from the api server directly) and what a browser makes of them; the
// body limit; what the servers write to their log.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import http from 'node:http'
import { after, before, describe, test } from 'node:test'

import { SERVER_LOG, startApp } from './app.mjs'
import { launchBrowser, watchPolicyViolations } from './browser.mjs'

let app
let browser

const PAGES = [
  '/',
  '/login',
  '/settings/security',
  '/reset-password?resetToken=abc123',
  '/no-such-page',
]

const directive = (policy, name) =>
  policy
    ?.split(';')
    .map((part) => part.trim().split(/\s+/))
    .find(([first]) => first === name)
    ?.slice(1)

const assertCommonHeaders = (response, what) => {
  const headers = response.headers
  const policy = headers.get('content-security-policy')
  assert.ok(policy, `${what}: no Content-Security-Policy`)
  assert.deepEqual(directive(policy, 'frame-ancestors'), ["'none'"], what)
  assert.equal(headers.get('x-frame-options'), 'DENY', what)
  assert.equal(headers.get('x-content-type-options'), 'nosniff', what)
  assert.equal(headers.get('referrer-policy'), 'strict-origin', what)
  return policy
}

/** The api answers the web app relies on, at `base` (proxy or api server). */
const apiAnswers = async (base) => ({
  getToken: await fetch(`${base}/auth?method=getToken`),
  login: await fetch(`${base}/auth`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: app.baseUrl },
    body: JSON.stringify({
      method: 'login',
      username: 'nobody@example.com',
      password: 'not the password at all',
    }),
  }),
  graphql: await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ redwood { version } }' }),
  }),
  missing: await fetch(`${base}/no-such-function`),
})

before(async () => {
  app = await startApp()
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await app?.stop()
})

describe('security headers of the app as served', () => {
  test('every page allows scripts only from the app and refuses framing', async () => {
    for (const path of [...PAGES, '/assets/missing.js', '/favicon.png']) {
      const response = await fetch(`${app.baseUrl}${path}`)
      const policy = assertCommonHeaders(response, path)
      assert.deepEqual(directive(policy, 'script-src'), ["'self'"], path)
      assert.deepEqual(directive(policy, 'object-src'), ["'none'"], path)
      assert.deepEqual(directive(policy, 'base-uri'), ["'none'"], path)
    }
  })

  test('api answers carry the api policy and are never cached', async () => {
    const origins = {
      'through the web server': `${app.baseUrl}/.redwood/functions`,
      'from the api server': `http://127.0.0.1:${app.apiPort}`,
    }
    for (const [where, base] of Object.entries(origins)) {
      for (const [name, response] of Object.entries(await apiAnswers(base))) {
        const what = `${name} ${where} (${response.status})`
        const policy = assertCommonHeaders(response, what)
        assert.deepEqual(directive(policy, 'default-src'), ["'none'"], what)
        assert.equal(response.headers.get('cache-control'), 'no-store', what)
      }
    }
  })

  test('pages run with no policy violation and cannot be framed', async () => {
    const context = await browser.newContext({ baseURL: app.baseUrl })
    try {
      const page = await context.newPage()
      const violations = watchPolicyViolations(page)
      await page.goto('/signup')
      await page
        .getByRole('heading', { name: 'Create your account', exact: true })
        .waitFor()
      await page.goto('/login')
      await page.getByRole('heading', { name: 'Log in', exact: true }).waitFor()
      assert.deepEqual(violations, [])

      // A page of another origin (about:blank here) framing the security
      // settings, where "Turn off two-factor" lives.
      const framer = await context.newPage()
      await framer.setContent(
        `<iframe src="${app.baseUrl}/settings/security"></iframe>`
      )
      const frame = framer.frames()[1]
      await frame.waitForLoadState().catch(() => {})
      assert.equal(await frame.locator('#redwood-app').count(), 0)
      assert.notEqual(new URL(frame.url()).origin, app.baseUrl)
    } finally {
      await context.close()
    }
  })

  // The built servers run as development here (see app.mjs), so the
  // development-only playground is served: its inline script runs by hash.
  test('the development playground runs under its own hashed policy', async () => {
    const url = `${app.baseUrl}/.redwood/functions/graphql`
    const response = await fetch(url, { headers: { accept: 'text/html' } })
    const policy = assertCommonHeaders(response, 'playground')
    assert.match(directive(policy, 'script-src').join(' '), /^'sha256-[^ ]+'$/)

    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      const violations = watchPolicyViolations(page)
      await page.goto(url)
      // Runs the first example operation and waits for its result to render.
      await page.locator('.graphiql-execute-button').click()
      await page.getByRole('menuitem', { name: 'Status' }).click()
      await page
        .locator('.result-window')
        .getByText('UNAUTHENTICATED')
        .waitFor()
      assert.deepEqual(violations, [])
    } finally {
      await context.close()
    }
  })
})

/**
 * POSTs `body` and returns the answer even if the server, having answered
 * before reading it all, closes the connection while it is still being
 * written (fetch reports only the broken pipe then).
 */
const postWhileTheServerMayHangUp = (url, body) =>
  new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      },
    })
    request.on('response', (response) => {
      const chunks = []
      response.on('data', (chunk) => chunks.push(chunk))
      response.on('end', () =>
        resolve({
          status: response.statusCode,
          body: Buffer.concat(chunks).toString(),
        })
      )
    })
    // A broken pipe after the answer arrived is the hang-up, not a failure.
    request.on('error', (error) => setTimeout(() => reject(error), 1_000))
    request.end(body)
  })

describe('bodies and logs of the app as served', () => {
  const bases = () => ({
    'through the web server': `${app.baseUrl}/.redwood/functions`,
    'from the api server': `http://127.0.0.1:${app.apiPort}`,
  })
  /** JSON of about `bytes`, past the 100 KB limit. */
  const oversized = (bytes) =>
    JSON.stringify({
      method: 'login',
      username: 'ada@example.com',
      password: 'x'.repeat(bytes),
      query: '{ redwood { version } }',
    })
  // Through the web server, 4 MB: big enough that, streamed on, the api's
  // early answer would reach the proxy still writing it. The api itself
  // closes the connection with its 413, which a client still sending 4 MB
  // may hear about only as a broken pipe: 150 KB is written in time.
  const sizes = {
    'through the web server': 4 * 1024 * 1024,
    'from the api server': 150 * 1024,
  }

  test('a body over 100 KB is refused with 413 at /auth and /graphql', async () => {
    for (const [where, base] of Object.entries(bases())) {
      for (const path of ['/auth', '/graphql']) {
        const { status, body } = await postWhileTheServerMayHangUp(
          `${base}${path}`,
          oversized(sizes[where])
        )
        const what = `${path} ${where}`
        assert.equal(status, 413, what)
        assert.equal(JSON.parse(body).code, 'FST_ERR_CTP_BODY_TOO_LARGE', what)
      }
    }
  })

  test('GraphQL in a multipart body, which Yoga would read past the limit, is refused', async () => {
    const form = new FormData()
    form.set('operations', JSON.stringify({ query: '{ redwood { version } }' }))
    form.set('map', '{}')
    form.set('0', new Blob(['x'.repeat(150 * 1024)]), 'big.txt')
    const response = await fetch(`http://127.0.0.1:${app.apiPort}/graphql`, {
      method: 'POST',
      body: form,
    })
    assert.ok([413, 415].includes(response.status), String(response.status))
  })

  test("no query string reaches the servers' log", async () => {
    const marker = 'query-string-marker-4711'
    await fetch(`${app.baseUrl}/reset-password?resetToken=${marker}`)
    await fetch(
      `${app.baseUrl}/.redwood/functions/auth?method=getToken&x=${marker}`
    )
    await fetch(`http://127.0.0.1:${app.apiPort}/graphql/x/y?x=${marker}`)
    // Both servers log every request in development, as they run here.
    const log = fs.readFileSync(SERVER_LOG, 'utf8')
    assert.match(log, /"url":"\/reset-password\?\[redacted\]"/)
    assert.match(log, /"url":"\/auth\?\[redacted\]"/)
    assert.doesNotMatch(log, new RegExp(marker))
  })
})
