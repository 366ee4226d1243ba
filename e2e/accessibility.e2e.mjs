/* eslint-env node, es2022, browser */
// (browser: the functions handed to page.evaluate run in the page.)
// The screens the flows do not pass through (home, forgot and reset password,
// a refused login, a field error, the 404 page) on a desktop and a phone, and
// one sign-up → SMS enrolment → sign-out → sign-in done with the keyboard
// alone: Tab, Shift+Tab, Enter and typing, no clicks. Every screen photographed
// is also checked by pageChecks.mjs (axe-core, sideways scrolling, tap targets).
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'

import { startApp } from './app.mjs'
import {
  DEVICES,
  launchBrowser,
  screenshotTaker,
  withNewPage,
} from './browser.mjs'

const EMAIL = 'kay@example.com'
const PASSWORD = 'correct horse battery staple'
const PHONE_AS_TYPED = '+1 201 555 0147'
const PHONE_E164 = '+12015550147'

let app
let browser

const expectPath = async (page, pathname) => {
  await page.waitForURL((url) => url.pathname === pathname)
  assert.equal(new URL(page.url()).pathname, pathname)
}

const expectHeading = (page, name) =>
  page.getByRole('heading', { name, exact: true }).waitFor()

const expectText = (page, text) =>
  page.getByText(text, { exact: true }).first().waitFor()

describe('every screen, on a desktop and on a phone', () => {
  before(async () => {
    app = await startApp()
    browser = await launchBrowser()
  })

  after(async () => {
    await browser?.close()
    await app?.stop()
  })

  for (const device of Object.keys(DEVICES)) {
    test(`the public screens and their messages (${device})`, () => {
      const screenshot = screenshotTaker('screens', device)
      return withNewPage(
        browser,
        app.baseUrl,
        screenshot,
        async (page) => {
          await page.goto('/')
          await expectHeading(page, 'Redwood 2FA')
          await screenshot(page, 'home')

          await page.goto('/signup')
          await expectHeading(page, 'Create your account')
          await page.getByLabel('Email').fill('not-an-email')
          await page.getByRole('button', { name: 'Sign up' }).click()
          const email = page.getByLabel('Email')
          await page.getByText('Enter an email address like').waitFor()
          assert.match(
            await email.evaluate((el) =>
              el
                .getAttribute('aria-describedby')
                .split(' ')
                .map((id) => document.getElementById(id).textContent)
                .join(' ')
            ),
            /Enter an email address like name@example\.com/,
            'the error is not tied to the email field'
          )
          await screenshot(page, 'signup-field-error')

          await page.goto('/login')
          await expectHeading(page, 'Log in')
          await page.getByLabel('Email').fill(`nobody-${device}@example.com`)
          await page.getByLabel('Password').fill('not the password at all')
          await page.getByRole('button', { name: 'Log in' }).click()
          // Said in the form, where the person is looking.
          const refusal = page.getByRole('alert').filter({ hasText: /./ })
          await refusal.waitFor()
          assert.ok(
            await refusal.evaluate((el) => !!el.closest('form')),
            'the login refusal is not in the form'
          )
          await screenshot(page, 'login-refused')

          await page
            .getByRole('link', { name: 'Forgot your password?' })
            .click()
          await expectHeading(page, 'Reset your password')
          await screenshot(page, 'forgot-password')
          await page.getByLabel('Email').fill(`nobody-${device}@example.com`)
          await page.getByRole('button', { name: 'Send reset link' }).click()
          await expectText(
            page,
            'If an account exists for that email, a reset link is on its way.'
          )
          await screenshot(page, 'forgot-password-sent')

          await page.goto('/reset-password?resetToken=not-a-real-token')
          await expectHeading(page, 'Choose a new password')
          await page
            .getByRole('link', { name: 'Request a new reset link' })
            .waitFor()
          await screenshot(page, 'reset-password-bad-link')

          await page.goto('/no-such-page')
          await expectHeading(page, 'Page not found')
          await screenshot(page, 'not-found')
          await page.getByRole('link', { name: 'Go to the home page' }).click()
          await expectPath(page, '/')
        },
        device
      )
    })
  }

  test('sign up, add a number, turn 2FA on, sign out and back in, with the keyboard alone', () => {
    const screenshot = screenshotTaker('keyboard', 'desktop')
    return withNewPage(
      browser,
      app.baseUrl,
      screenshot,
      async (page) => {
        const focused = (locator) =>
          locator.evaluate((el) => el === document.activeElement)

        /** Focus moves in an effect after the render: give it a moment. */
        const expectFocus = async (locator, why) => {
          await locator.waitFor()
          for (let tries = 0; tries < 20; tries += 1) {
            if (await focused(locator)) {
              return
            }
            await sleep(100)
          }
          assert.fail(why)
        }

        /**
         * Presses Tab (or Shift+Tab) until `target` has focus, checking at
         * every stop on the way that the focused control shows a ring.
         */
        const tabTo = async (target, { backwards = false } = {}) => {
          await target.waitFor()
          for (let press = 0; press < 40; press += 1) {
            await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab')
            const ring = await page.evaluate(() => {
              const el = document.activeElement
              if (!el || el === document.body) {
                return null
              }
              const style = getComputedStyle(el)
              const outline =
                style.outlineStyle !== 'none' &&
                parseFloat(style.outlineWidth) >= 2
              return {
                what: `${el.tagName} ${el.textContent.trim().slice(0, 30)}`,
                visible: outline || style.boxShadow !== 'none',
              }
            })
            if (ring) {
              assert.ok(ring.visible, `no visible focus ring on ${ring.what}`)
            }
            if (await focused(target)) {
              return
            }
          }
          throw new Error(`Tab never reached ${target}`)
        }

        const codeTextedBy = async (action) => {
          const seen = app.outbox.count()
          await action()
          return app.outbox.nextCode({ to: PHONE_E164, seen })
        }

        await page.goto('/signup')
        await expectHeading(page, 'Create your account')
        await expectFocus(page.getByLabel('Email'), 'email has focus')
        await page.keyboard.type(EMAIL)
        await page.keyboard.press('Tab')
        await expectFocus(
          page.getByLabel('Password'),
          'focus is not where it should be'
        )
        await page.keyboard.type(PASSWORD)
        await screenshot(page, 'signup-typed')
        await page.keyboard.press('Enter')
        await expectPath(page, '/dashboard')
        await screenshot(page, 'dashboard')

        await tabTo(page.getByRole('link', { name: 'Security' }))
        await page.keyboard.press('Enter')
        await expectPath(page, '/settings/security')
        await tabTo(page.getByLabel('Mobile number'))
        await page.keyboard.type(PHONE_AS_TYPED)
        await screenshot(page, 'phone-typed')
        // Enter sends the code at once: saving the number is texting it.
        const code = await codeTextedBy(() => page.keyboard.press('Enter'))
        await expectHeading(page, 'Check the code we texted you')
        // Once the text is out, the cursor waits in the code field.
        await expectFocus(
          page.getByLabel('Verification code'),
          'the code field does not have focus once the code was sent'
        )
        await screenshot(page, 'setup-code-focused')
        // The right code turns two-factor on; the recovery codes follow.
        await page.keyboard.type(code)

        const codesHeading = page.getByRole('heading', {
          name: 'Save your recovery codes',
        })
        await codesHeading.waitFor()
        await expectFocus(codesHeading, 'the recovery codes take focus')
        await tabTo(page.getByRole('button', { name: 'Download' }))
        await Promise.all([
          page.waitForEvent('download'),
          page.keyboard.press('Enter'),
        ])
        await tabTo(
          page.getByRole('button', { name: 'I have saved these codes' })
        )
        await screenshot(page, 'recovery-codes-kept')
        await page.keyboard.press('Enter')
        await page
          .getByRole('list', { name: 'Recovery codes' })
          .waitFor({ state: 'detached' })

        await tabTo(page.getByRole('button', { name: 'Log out' }), {
          backwards: true,
        })
        await page.keyboard.press('Enter')
        await expectPath(page, '/')

        const signInCode = await codeTextedBy(async () => {
          await tabTo(page.getByRole('link', { name: 'Log in' }).first())
          await page.keyboard.press('Enter')
          await expectHeading(page, 'Log in')
          await expectFocus(
            page.getByLabel('Email'),
            'focus is not where it should be'
          )
          await page.keyboard.type(EMAIL)
          await page.keyboard.press('Tab')
          await page.keyboard.type(PASSWORD)
          await page.keyboard.press('Enter')
          await expectPath(page, '/2fa-challenge')
        })
        const codeField = page.getByLabel('Verification code')
        await codeField.waitFor()
        await expectFocus(codeField, 'the code field has focus')
        await screenshot(page, 'challenge')
        await page.keyboard.type(signInCode)
        await expectPath(page, '/dashboard')
        await expectText(page, EMAIL)
        await screenshot(page, 'signed-in')
      },
      'desktop'
    )
  })
})
