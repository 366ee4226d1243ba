/* eslint-env node, es2022 */
// Debian's Chromium driven by playwright-core: Playwright's own browser
// downloads cannot reach their host from the machines this runs on.
import fs from 'node:fs'
import path from 'node:path'

import { chromium } from 'playwright-core'

import { ROOT } from './app.mjs'

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

/** Playwright gives every launch a new, empty user-data-dir of its own. */
export const launchBrowser = () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: apt-get install -y chromium (./scripts/test does)`
    )
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS })
}

/** Screenshots are numbered in the order taken so the folder reads as a story. */
export const screenshotTaker = () => {
  fs.rmSync(SCREENSHOTS_DIR, { recursive: true, force: true })
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true })
  let taken = 0
  return async (page, name) => {
    taken += 1
    const file = `${String(taken).padStart(2, '0')}-${name}.png`
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
export const withNewPage = async (browser, baseURL, screenshot, steps) => {
  const context = await browser.newContext({
    baseURL,
    locale: 'en-US',
    viewport: { width: 1024, height: 768 },
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
