/* eslint-env node, es2022 */
// The SMS second factor in a real browser, against the built app, a real Redis
// and the outbox SMS transport. Run by ./scripts/e2e (and so ./scripts/test).
// It asserts on what a person sees: headings, messages and the address bar.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'

import { startApp } from './app.mjs'
import { launchBrowser, screenshotTaker, withNewPage } from './browser.mjs'

const EMAIL = 'ada@example.com'
const PASSWORD = 'correct horse battery staple'
const PHONE_AS_TYPED = '+1 201 555 0123'
const PHONE_E164 = '+12015550123'
const PHONE_AS_SHOWN = '+1******0123'

const CODE_SENT_MESSAGE = `We texted a 6-digit code to ${PHONE_AS_SHOWN}.`
const WRONG_CODE_MESSAGE =
  'That code is not right. Check the text and try again.'

let app
let browser
let screenshot

const onNewPage = (steps) =>
  withNewPage(browser, app.baseUrl, screenshot, steps)

/** Waits for the address bar to show `pathname`, whatever the query string. */
const expectPath = async (page, pathname) => {
  await page.waitForURL((url) => url.pathname === pathname)
  assert.equal(new URL(page.url()).pathname, pathname)
}

const expectHeading = (page, name) =>
  page.getByRole('heading', { name, exact: true }).waitFor()

const expectText = (page, text) =>
  page.getByText(text, { exact: true }).first().waitFor()

/** A 6-digit code that is certainly not `code`. */
const wrongCodeFor = (code) =>
  String((Number(code) + 1) % 1_000_000).padStart(6, '0')

/** Runs `action` and returns the code from the SMS it made the app send. */
const codeTextedBy = async (action) => {
  const seen = app.outbox.count()
  await action()
  return app.outbox.nextCode({ to: PHONE_E164, seen })
}

const signUp = async (page) => {
  await page.goto('/signup')
  await expectHeading(page, 'Create your account')
  await page.getByLabel('Email').fill(EMAIL)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign up' }).click()
}

const logIn = async (page) => {
  await page.goto('/login')
  await expectHeading(page, 'Log in')
  await page.getByLabel('Email').fill(EMAIL)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Log in' }).click()
}

const enterCode = (page, code) =>
  page.getByLabel('Verification code').fill(code)

describe('SMS two-factor authentication in the browser', () => {
  before(async () => {
    app = await startApp()
    browser = await launchBrowser()
    screenshot = screenshotTaker()
  })

  after(async () => {
    await browser?.close()
    await app?.stop()
  })

  test('sign up, turn on 2FA, log out, and sign in again with a texted code', () =>
    onNewPage(async (page) => {
      await signUp(page)
      await expectPath(page, '/dashboard')
      await expectHeading(page, 'Dashboard')
      await expectText(page, EMAIL)
      await screenshot(page, 'signed-up-dashboard')

      await page.getByRole('link', { name: 'Security' }).click()
      await expectPath(page, '/settings/security')
      await expectHeading(page, 'Security')
      await expectHeading(page, 'Add a phone number')
      await screenshot(page, 'security-settings')

      // Typed key by key, as a person would, so the as-you-type formatting runs.
      await page.getByLabel('Mobile number').pressSequentially(PHONE_AS_TYPED)
      await page.getByRole('button', { name: 'Save number' }).click()
      await expectText(page, 'Phone number saved.')
      await expectText(page, PHONE_AS_SHOWN)
      await screenshot(page, 'phone-number-saved')

      const setupCode = await codeTextedBy(() =>
        page.getByRole('button', { name: 'Send code' }).click()
      )
      await expectHeading(page, 'Check the code we texted you')
      await expectText(page, CODE_SENT_MESSAGE)
      await screenshot(page, 'setup-code-sent')

      await enterCode(page, setupCode)
      await expectText(page, 'Your number is confirmed.')
      await screenshot(page, 'phone-number-confirmed')

      await page.getByRole('button', { name: 'Turn on two-factor' }).click()
      await expectText(page, 'Two-factor authentication is on.')
      await expectText(page, 'On')
      await screenshot(page, 'two-factor-on')

      await page.getByRole('button', { name: 'Log out' }).click()
      await expectPath(page, '/')
      await page.getByRole('link', { name: 'Log in' }).first().waitFor()
      // Signed out on the server too: a fresh load finds no session.
      await page.reload()
      await page.getByRole('link', { name: 'Log in' }).first().waitFor()
      await screenshot(page, 'logged-out')

      const signInCode = await codeTextedBy(() => logIn(page))
      await expectPath(page, '/2fa-challenge')
      await expectHeading(page, 'Enter your code')
      await expectText(page, CODE_SENT_MESSAGE)
      await screenshot(page, 'sign-in-challenge')

      await enterCode(page, wrongCodeFor(signInCode))
      await expectText(page, WRONG_CODE_MESSAGE)
      await expectPath(page, '/2fa-challenge')
      await screenshot(page, 'wrong-code-refused')

      await enterCode(page, signInCode)
      await expectPath(page, '/dashboard')
      await expectHeading(page, 'Dashboard')
      await expectText(page, EMAIL)
      await screenshot(page, 'signed-in-with-code-dashboard')
    }))

  // Uses the account the first test protected with 2FA.
  test('a session that still owes its code cannot type its way to /dashboard', () =>
    onNewPage(async (page) => {
      await logIn(page)
      await expectPath(page, '/2fa-challenge')
      await expectHeading(page, 'Enter your code')

      await page.goto('/dashboard')
      await expectPath(page, '/2fa-challenge')
      await expectHeading(page, 'Enter your code')
      assert.equal(
        await page.getByRole('heading', { name: 'Dashboard' }).count(),
        0,
        'the dashboard is shown before the code was entered'
      )
      await screenshot(page, 'typed-dashboard-url-sent-to-challenge')
    }))
})
