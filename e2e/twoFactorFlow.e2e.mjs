/* eslint-env node, es2022 */
// Two-factor authentication in a real browser, against the built app, a real
// Redis and the outbox SMS transport: texted codes, an authenticator app whose
// codes the test computes from the key the page shows, and recovery codes.
// Run by ./scripts/e2e (and so ./scripts/test). It asserts on what a person
// sees: headings, messages, the address bar and the files they download.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'

import { generateSync } from 'otplib'

import { startApp } from './app.mjs'
import { launchBrowser, screenshotTaker, withNewPage } from './browser.mjs'

const EMAIL = 'ada@example.com'
const PASSWORD = 'correct horse battery staple'
const PHONE_AS_TYPED = '+1 201 555 0123'
const PHONE_E164 = '+12015550123'
// The server's hint (+1******0123) as the page writes a hidden number.
const PHONE_AS_SHOWN = '•••\u2011•••\u20110123'

const CODE_SENT_MESSAGE = `We texted a 6-digit code to ${PHONE_AS_SHOWN}.`
const WRONG_CODE_MESSAGE =
  'That code is not right. Check the text and try again.'
const USED_RECOVERY_CODE_MESSAGE =
  'That recovery code is not valid or was already used.'

// A second account, protected by an authenticator app from the start.
const APP_EMAIL = 'grace@example.com'
const RECOVERY_CODE_SHAPE = /^[0-9a-z]{5}-[0-9a-z]{5}$/
const TOTP_STEP_MS = 30_000

let app
let browser
let screenshot

// What the second account's owner kept: the app's key and the codes shown.
const kept = { appSecret: null, recoveryCodes: [], newRecoveryCodes: [] }

const onNewPage = (steps) =>
  withNewPage(browser, app.baseUrl, screenshot, steps)

/** Waits for the address bar to show `pathname`, whatever the query string. */
const expectPath = async (page, pathname) => {
  await page.waitForURL((url) => url.pathname === pathname)
  assert.equal(new URL(page.url()).pathname, pathname)
}

const expectHeading = (page, name) =>
  page.getByRole('heading', { name, exact: true }).waitFor()

const expectText = (page, text, { exact = true } = {}) =>
  page.getByText(text, { exact }).first().waitFor()

/** A 6-digit code that is certainly not `code`. */
const wrongCodeFor = (code) =>
  String((Number(code) + 1) % 1_000_000).padStart(6, '0')

/** Runs `action` and returns the code from the SMS it made the app send. */
const codeTextedBy = async (action) => {
  const seen = app.outbox.count()
  await action()
  return app.outbox.nextCode({ to: PHONE_E164, seen })
}

const signUp = async (page, email = EMAIL) => {
  await page.goto('/signup')
  await expectHeading(page, 'Create your account')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign up' }).click()
}

const logIn = async (page, email = EMAIL) => {
  await page.goto('/login')
  await expectHeading(page, 'Log in')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Log in' }).click()
}

const logOut = async (page) => {
  await page.getByRole('button', { name: 'Log out' }).click()
  await expectPath(page, '/')
  await page.getByRole('link', { name: 'Log in' }).first().waitFor()
}

const enterCode = (page, code) =>
  page.getByLabel('Verification code').fill(code)

let lastAppStep = -1

/**
 * What the authenticator app shows now, computed from the key the settings
 * page showed. The server takes each 30-second step once and never an
 * earlier one (RFC 6238 section 5.2), so a second sign-in within the same
 * step waits for the next one, as a person would.
 */
const appCode = async () => {
  const step = Math.floor(Date.now() / TOTP_STEP_MS)
  if (step <= lastAppStep) {
    await sleep((lastAppStep + 1) * TOTP_STEP_MS - Date.now() + 250)
  }
  lastAppStep = Math.floor(Date.now() / TOTP_STEP_MS)
  return generateSync({ secret: kept.appSecret })
}

const readRecoveryCodes = async (page) => {
  const codes = await page
    .getByRole('list', { name: 'Recovery codes' })
    .getByRole('listitem')
    .allTextContents()
  assert.equal(codes.length, 10, 'a set has ten recovery codes')
  for (const code of codes) {
    assert.match(code, RECOVERY_CODE_SHAPE)
  }
  assert.equal(new Set(codes).size, 10, 'the recovery codes are all different')
  return codes
}

/** Downloads the codes, checks the file holds them all, and confirms. */
const keepRecoveryCodes = async (page, codes) => {
  const confirm = page.getByRole('button', { name: 'I have saved these codes' })
  assert.equal(await confirm.isDisabled(), true, 'confirmed before saving')
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download' }).click(),
  ])
  assert.equal(download.suggestedFilename(), 'redwood-2fa-recovery-codes.txt')
  const saved = fs.readFileSync(await download.path(), 'utf8').split('\n')
  for (const code of codes) {
    assert.ok(saved.includes(code), `${code} is missing from the file`)
  }
  await confirm.click()
  await page.getByRole('list', { name: 'Recovery codes' }).waitFor({
    state: 'detached',
  })
}

/** Opens "Try another way" on the challenge and picks `choice`. */
const tryAnotherWay = async (page, choice) => {
  await page.getByRole('button', { name: 'Try another way' }).click()
  await page.getByRole('button', { name: choice }).click()
}

describe('two-factor authentication in the browser', () => {
  before(async () => {
    app = await startApp()
    browser = await launchBrowser()
    screenshot = screenshotTaker('flow')
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
      // One flow: the code goes out as the number is saved.
      const setupCode = await codeTextedBy(() =>
        page.getByRole('button', { name: 'Send code' }).click()
      )
      await expectHeading(page, 'Check the code we texted you')
      await expectText(page, CODE_SENT_MESSAGE)
      await screenshot(page, 'setup-code-sent')

      // The right code turns two-factor on, with nothing else to press.
      await enterCode(page, setupCode)
      await expectText(page, 'Two-factor authentication is on.')
      await expectHeading(page, 'Save your recovery codes')
      const codes = await readRecoveryCodes(page)
      await screenshot(page, 'sms-first-recovery-codes')

      await keepRecoveryCodes(page, codes)
      await expectText(page, 'On')
      await expectText(page, '10 unused recovery codes.', { exact: false })
      await screenshot(page, 'two-factor-on')

      await logOut(page)
      // Signed out on the server too: a fresh load finds no session.
      await page.reload()
      await page.getByRole('link', { name: 'Log in' }).first().waitFor()
      await screenshot(page, 'logged-out')

      const signInCode = await codeTextedBy(() => logIn(page))
      await expectPath(page, '/2fa-challenge')
      await expectHeading(page, 'Enter your code')
      await expectText(page, CODE_SENT_MESSAGE)
      await screenshot(page, 'sign-in-challenge')

      // A reload texts nothing: the code already sent still works, and the
      // page says when it was sent and until when it works.
      const textsBeforeReload = app.outbox.count()
      await page.reload()
      await expectHeading(page, 'Enter your code')
      await page
        .getByText(
          new RegExp(
            `^We texted a 6-digit code to ${PHONE_AS_SHOWN.replace(/[+*]/g, '\\$&')} at .+\\. It works until .+\\.$`
          )
        )
        .waitFor()
      await sleep(1000)
      assert.equal(
        app.outbox.count(),
        textsBeforeReload,
        'reloading the challenge texted another code'
      )
      await screenshot(page, 'sign-in-challenge-reloaded')

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

  test('turn 2FA on with an authenticator app, and keep the recovery codes it shows', () =>
    onNewPage(async (page) => {
      await signUp(page, APP_EMAIL)
      await expectPath(page, '/dashboard')
      await page.getByRole('link', { name: 'Security' }).click()
      await expectHeading(page, 'Authenticator app')
      await screenshot(page, 'app-account-security-settings')

      await page.getByRole('button', { name: 'Add authenticator app' }).click()
      await expectHeading(page, 'Add an authenticator app')
      const qr = page.getByRole('img', { name: /QR code/ })
      await qr.waitFor()
      assert.match(await qr.getAttribute('src'), /^data:image\/svg\+xml;/)
      assert.ok(
        (await qr.evaluate((img) => img.naturalWidth)) > 0,
        'the QR code image did not render'
      )
      const key = (await page.getByLabel('Setup key').inputValue()).replace(
        / /g,
        ''
      )
      assert.match(key, /^[A-Z2-7]{32,}$/, 'a base32 key of 160 bits or more')
      kept.appSecret = key
      await screenshot(page, 'authenticator-app-qr-code')

      await page.getByLabel('Code from the app').fill(await appCode())
      await expectText(
        page,
        'Authenticator app added. Two-factor authentication is on.'
      )
      await expectHeading(page, 'Save your recovery codes')
      kept.recoveryCodes = await readRecoveryCodes(page)
      await screenshot(page, 'authenticator-app-recovery-codes')

      await keepRecoveryCodes(page, kept.recoveryCodes)
      await expectText(page, 'On')
      await expectText(page, 'In use: codes come from the app on your phone.')
      await screenshot(page, 'authenticator-app-on')
      await logOut(page)
    }))

  test('sign in with the authenticator app, with no text message sent', () =>
    onNewPage(async (page) => {
      const textsBefore = app.outbox.count()
      await logIn(page, APP_EMAIL)
      await expectPath(page, '/2fa-challenge')
      const field = page.getByLabel('Authentication code')
      await field.waitFor()
      assert.equal(
        await page.getByLabel('Verification code').count(),
        0,
        'the text-message form is shown'
      )
      await screenshot(page, 'challenge-authenticator-app')

      await field.fill(await appCode())
      await expectPath(page, '/dashboard')
      await expectText(page, APP_EMAIL)
      assert.equal(app.outbox.count(), textsBefore, 'a text message was sent')
      await screenshot(page, 'signed-in-with-app-dashboard')
    }))

  test('sign in with a recovery code when the app is not at hand', () =>
    onNewPage(async (page) => {
      await logIn(page, APP_EMAIL)
      await expectPath(page, '/2fa-challenge')
      await page.getByLabel('Authentication code').waitFor()
      await page.getByRole('button', { name: 'Try another way' }).click()
      await page.getByRole('button', { name: 'Use a recovery code' }).waitFor()
      await screenshot(page, 'challenge-other-ways')

      await page.getByRole('button', { name: 'Use a recovery code' }).click()
      // Typed as people do from paper: capitals, no dash.
      const typed = kept.recoveryCodes[0].replace('-', '').toUpperCase()
      await page.getByLabel('Recovery code').fill(typed)
      await screenshot(page, 'challenge-recovery-code')
      await page.getByRole('button', { name: 'Verify' }).click()

      await expectPath(page, '/dashboard')
      await expectText(
        page,
        'Signed in with a recovery code. You have 9 recovery codes left.'
      )
      await screenshot(page, 'signed-in-with-recovery-code')
    }))

  test('new recovery codes replace the old set: an old code no longer works', () =>
    onNewPage(async (page) => {
      await logIn(page, APP_EMAIL)
      await expectPath(page, '/2fa-challenge')
      await page.getByLabel('Authentication code').fill(await appCode())
      await expectPath(page, '/dashboard')

      await page.getByRole('link', { name: 'Security' }).click()
      await expectText(page, '9 unused recovery codes.', { exact: false })
      await page.getByRole('button', { name: 'Generate new codes' }).click()
      await expectText(
        page,
        'Generate a new set of recovery codes? Your current codes stop working at once.'
      )
      await screenshot(page, 'regenerate-recovery-codes-confirm')
      await page.getByRole('button', { name: 'Generate new codes' }).click()

      await expectHeading(page, 'Save your recovery codes')
      kept.newRecoveryCodes = await readRecoveryCodes(page)
      for (const code of kept.newRecoveryCodes) {
        assert.ok(!kept.recoveryCodes.includes(code), `${code} was reissued`)
      }
      await screenshot(page, 'new-recovery-codes')
      await keepRecoveryCodes(page, kept.newRecoveryCodes)
      await expectText(page, '10 unused recovery codes.', { exact: false })
      await logOut(page)

      await logIn(page, APP_EMAIL)
      await expectPath(page, '/2fa-challenge')
      await page.getByLabel('Authentication code').waitFor()
      await tryAnotherWay(page, 'Use a recovery code')
      // An old code that was never used: the new set replaced it.
      await page.getByLabel('Recovery code').fill(kept.recoveryCodes[1])
      await page.getByRole('button', { name: 'Verify' }).click()
      await expectText(page, USED_RECOVERY_CODE_MESSAGE)
      await expectPath(page, '/2fa-challenge')
      await screenshot(page, 'old-recovery-code-refused')

      await page.getByLabel('Recovery code').fill(kept.newRecoveryCodes[0])
      await page.getByRole('button', { name: 'Verify' }).click()
      await expectPath(page, '/dashboard')
      await expectText(
        page,
        'Signed in with a recovery code. You have 9 recovery codes left.'
      )
      await screenshot(page, 'signed-in-with-new-recovery-code')
    }))
})
