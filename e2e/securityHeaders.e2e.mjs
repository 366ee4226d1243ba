/* eslint-env node, es2022 */
// The security headers of the built app as `yarn rw serve` serves it: pages
// from the web server, api answers through the web server's proxy and from
// the api server directly, then what a browser makes of them.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'

import { startApp } from './app.mjs'
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

describe('security headers of the app as served', () => {
  before(async () => {
    app = await startApp()
    browser = await launchBrowser()
  })

  after(async () => {
    await browser?.close()
    await app?.stop()
  })

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
