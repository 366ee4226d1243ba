/* eslint-env node, es2022 */
// A newcomer's first minutes on `yarn rw dev`: with an empty Vite cache, the
// first visits to /signup and to the security page must render without a
// page error. When Vite finds a dependency it had not pre-bundled, it
// bundles it again and reloads the page; React modules loaded before and
// after that reload are two copies of React ("Invalid hook call", a blank
// page). web/vite.config.ts lists those dependencies in optimizeDeps.include.
//
// Slow (a cold Vite start and a full dev build of the api), so not part of
// ./scripts/test: run it with ./scripts/check-dev-server.
import assert from 'node:assert/strict'
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'

import { isPortFree, removeSqliteDatabase } from '../scripts/lib/localRun.mjs'

import { ROOT } from './app.mjs'
import { launchBrowser } from './browser.mjs'

const DATABASE_FILE = 'devcheck.db' // resolved against api/db/, which git ignores
const VITE_CACHE = path.join(ROOT, 'web/node_modules/.vite')
export const DEV_LOG = path.join(ROOT, 'e2e/dev-server.log')
const START_TIMEOUT_MS = 180_000
// Vite re-bundles a few seconds after it meets a new dependency: a page that
// stays up this long after rendering has not been reloaded under our feet.
const SETTLE_MS = 4_000

// Messages Vite prints when it finds a dependency it has not pre-bundled.
const REBUNDLE = /new dependencies optimized|optimized dependencies changed/i

const freePortFrom = async (start) => {
  for (let port = start; port < start + 100; port += 1) {
    if (await isPortFree(port)) {
      return port
    }
  }
  throw new Error(`No free port from ${start}`)
}

let server
let browser
let baseUrl

const stop = async () => {
  if (!server || server.exitCode !== null || server.signalCode !== null) {
    return
  }
  const exited = new Promise((resolve) => server.once('exit', resolve))
  // `yarn rw dev` runs web, api and the type generator under concurrently,
  // all in the process group this test started.
  process.kill(-server.pid, 'SIGTERM')
  const stopped = await Promise.race([
    exited.then(() => true),
    sleep(10_000, false, { ref: false }),
  ])
  if (!stopped) {
    process.kill(-server.pid, 'SIGKILL')
  }
}

const devLog = () => fs.readFileSync(DEV_LOG, 'utf8')

before(async () => {
  fs.rmSync(VITE_CACHE, { recursive: true, force: true })
  // Clear of 8910/8911 (a developer's own `yarn rw dev`) and of the
  // browser test's 8940/8941.
  const webPort = await freePortFrom(8960)
  const apiPort = await freePortFrom(webPort + 1)
  const env = {
    ...process.env,
    // redwood.toml reads both ports from these.
    REDWOOD_WEB_PORT: String(webPort),
    REDWOOD_API_PORT: String(apiPort),
    DATABASE_URL: `file:./${DATABASE_FILE}`,
    // The in-process store and the console transport: what a newcomer gets.
    REDIS_URL: '',
    SMS_PROVIDER: 'console',
  }
  removeSqliteDatabase(path.join(ROOT, 'api/db', DATABASE_FILE))
  execFileSync('yarn', ['prisma', 'migrate', 'deploy'], {
    cwd: ROOT,
    env,
    stdio: 'pipe',
  })

  const log = fs.openSync(DEV_LOG, 'w')
  server = spawn('yarn', ['rw', 'dev', '--generate=false'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', log, log],
    detached: true,
  })
  fs.closeSync(log)
  process.once('exit', () => {
    try {
      process.kill(-server.pid, 'SIGKILL')
    } catch {
      // Already gone.
    }
  })

  baseUrl = `http://localhost:${webPort}`
  const deadline = Date.now() + START_TIMEOUT_MS
  for (;;) {
    if (server.exitCode !== null) {
      throw new Error(`yarn rw dev exited early; see ${DEV_LOG}`)
    }
    try {
      const response = await fetch(
        `${baseUrl}/.redwood/functions/graphql/health`
      )
      // Vite's proxy answers 203 while the api server is still starting.
      if (response.status === 200) {
        break
      }
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      throw new Error(`yarn rw dev did not start in time; see ${DEV_LOG}`)
    }
    await sleep(500)
  }
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await stop()
  removeSqliteDatabase(path.join(ROOT, 'api/db', DATABASE_FILE))
})

test('the first visits to /signup and the security page render without a page error or a re-bundle', async () => {
  const context = await browser.newContext({ baseURL: baseUrl })
  context.setDefaultTimeout(60_000)
  const page = await context.newPage()
  const problems = []
  page.on('pageerror', (error) => problems.push(`page error: ${error}`))
  page.on('console', (message) => {
    if (message.type() === 'error' && /hook|react/i.test(message.text())) {
      problems.push(`console: ${message.text()}`)
    }
  })
  let loads = 0
  page.on('load', () => {
    loads += 1
  })

  try {
    await page.goto('/signup')
    await page.getByRole('heading', { name: 'Create your account' }).waitFor()
    await sleep(SETTLE_MS)
    assert.equal(loads, 1, 'the signup page was reloaded while it was open')

    await page.getByLabel('Email').fill('newcomer@example.com')
    await page.getByLabel('Password').fill('correct horse battery staple')
    await page.getByRole('button', { name: 'Sign up' }).click()
    await page.waitForURL((url) => url.pathname !== '/signup')

    await page.goto('/settings/security')
    await page
      .getByRole('heading', { name: 'Two-factor authentication' })
      .waitFor()
    await page.getByLabel('Mobile number').waitFor()
    await sleep(SETTLE_MS)
    // One load per goto: anything more was Vite reloading the page.
    assert.equal(loads, 2, 'the security page was reloaded while it was open')
  } finally {
    await context.close()
  }

  assert.deepEqual(problems, [])
  const rebundles = devLog()
    .split('\n')
    .filter((line) => REBUNDLE.test(line))
  assert.deepEqual(rebundles, [], `Vite re-bundled; see ${DEV_LOG}`)
})
