/* eslint-env node, es2022 */
// Debian's Chromium driven by playwright-core: Playwright's own browser
// downloads cannot reach their host from the machines this runs on.
import fs from 'node:fs'
import path from 'node:path'

import { chromium } from 'playwright-core'

import { ROOT } from './app.mjs'
import { checkPage } from './pageChecks.mjs'

const CHROMIUM = '/usr/bin/chromium'
export const SCREENSHOTS_DIR = path.join(ROOT, 'e2e/screenshots')

// What works headless in a container without a GPU, a sandbox or a usable
// /dev/shm, with nothing reaching out to the network on its own.
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/**
 * The screens each flow runs on: a desktop window, and a phone held upright
 * (390×844 CSS pixels, touch, the mobile viewport meta tag honoured).
 */
export const DEVICES = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: {
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  },
}

let device = 'desktop'

/** Which of DEVICES the pages of this test file open on (before any test runs). */
export const useDevice = (name) => {
  if (!DEVICES[name]) {
    throw new Error(`No device called ${name}`)
  }
  device = name
}

export const currentDevice = () => device

/** Playwright gives every launch a new, empty user-data-dir of its own. */
export const launchBrowser = () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: apt-get install -y chromium (./scripts/test does)`
    )
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS })
}

/**
 * Screenshots are named `<set>-<device>-<nn>-<screen>.png`, numbered in the
 * order taken so each set reads as a story; each test file replaces only its
 * own set. Every screen photographed is first checked (pageChecks.mjs:
 * axe-core, sideways scrolling, tap targets), so each step of each flow is.
 */
export const screenshotTaker = (set = 'flow', on = device) => {
  const prefix = `${set}-${on}-`
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true })
  for (const file of fs.readdirSync(SCREENSHOTS_DIR)) {
    if (file.startsWith(prefix)) {
      fs.rmSync(path.join(SCREENSHOTS_DIR, file))
    }
  }
  let taken = 0
  return async (page, name) => {
    if (name !== 'failed') {
      await checkPage(page, `${name} (${on})`)
    }
    taken += 1
    const file = `${prefix}${String(taken).padStart(2, '0')}-${name}.png`
    await page.screenshot({
      path: path.join(SCREENSHOTS_DIR, file),
      fullPage: true,
      // Toasts slide in: without this a message caught mid-way is unreadable.
      animations: 'disabled',
    })
  }
}

/**
 * Collects what the browser refused under the page's Content Security
 * Policy (Chromium reports each refusal on the console), so a test can fail
 * on a policy that breaks part of the app without breaking the step.
 */
export const watchPolicyViolations = (page) => {
  const violations = []
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) {
      violations.push(message.text())
    }
  })
  return violations
}

/**
 * Runs `steps` in a fresh browser context (no cookies, like a person on a new
 * device). When a step fails, the page as it was is saved as a `-failed`
 * screenshot: on CI that is often the only way to see what went wrong.
 */
export const withNewPage = async (
  browser,
  baseURL,
  screenshot,
  steps,
  on = device
) => {
  const context = await browser.newContext({
    baseURL,
    locale: 'en-US',
    ...DEVICES[on],
  })
  // Long enough for a cold server's first page, short enough that a missing
  // message fails the run quickly.
  context.setDefaultTimeout(15_000)
  const page = await context.newPage()
  const violations = watchPolicyViolations(page)
  try {
    await steps(page)
    if (violations.length > 0) {
      throw new Error(
        `The page broke its Content Security Policy:\n${violations.join('\n')}`
      )
    }
  } catch (error) {
    await screenshot(page, 'failed').catch(() => {})
    throw error
  } finally {
    await context.close()
  }
}
