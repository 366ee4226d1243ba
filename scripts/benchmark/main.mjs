// `scripts/bench`: the second factor's hot paths on the built api at 32
// connections, each as a share of a bare Yoga-in-Fastify ceiling measured in
// the same interleaved rounds, older checkouts beside this one (--app), the
// security checks under load, a login flood and, with --profile, where the
// api's CPU goes. See README.md, "Benchmark".
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

import { describeApp, prepareApp, removeAppDatabase, serveApp } from './app.mjs'
import { createClient, cycle } from './client.mjs'
import { measureLoginFlood } from './loginFlood.mjs'
import { freePort, startServer, step, stop, stopAll } from './processes.mjs'
import { summarizeProfile } from './profile.mjs'
import { buildBudget, buildTable, formatReport } from './report.mjs'
import { checkAttemptCaps, checkSingleUse } from './security.mjs'

const ROOT = path.resolve(import.meta.dirname, '../..')
const CONNECTIONS = 32
/** The bench's resend wait is one second; a little more for the clock's sake. */
const RESEND_WAIT_MS = 1_100

/**
 * pool: signed-in accounts that request and verify a code in every
 * repetition, one round each; the status and ceiling rounds are sized to take
 * about as long. securityAccounts: fresh accounts for each attempt-limit check.
 */
const SIZES = {
  full: { pool: 320, repetitions: 6, statusRound: 640, ceilingRound: 2400 },
  quick: { pool: 64, repetitions: 2, statusRound: 128, ceilingRound: 480 },
}
const SECURITY_ACCOUNTS = { full: 16, quick: 4 }
const FLOOD_QUERIES = { full: 300, quick: 100 }

const parseArguments = (args) => {
  const options = {
    size: 'full',
    profile: false,
    others: [],
    out: 'bench-results.json',
  }
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--quick' || args[i] === '--profile') {
      Object.assign(
        options,
        args[i] === '--quick' ? { size: 'quick' } : { profile: true }
      )
    } else if (args[i] === '--app' && args[i + 1]) {
      options.others.push(path.resolve(args[++i]))
    } else if (args[i] === '--out' && args[i + 1]) {
      options.out = path.resolve(args[++i])
    } else {
      throw new Error(
        `Usage: scripts/bench [--quick] [--profile] [--app DIR]... [--out FILE] (got "${args[i]}")`
      )
    }
  }
  return options
}

const run = async (options, workDir, apps) => {
  const [startedAt, loadAtStart] = [Date.now(), os.loadavg()]
  const sizes = SIZES[options.size]
  const log = (name) => path.join(workDir, `${name}.log`)
  const primary = apps.at(-1) // this checkout: the flood and the profile

  const redisPort = await freePort(6420)
  step(`Redis on 127.0.0.1:${redisPort} (nothing saved), the ceiling beside it`)
  const redisArgs = `--port ${redisPort} --bind 127.0.0.1 --appendonly no`
  await startServer(
    'redis-server',
    'redis-server',
    [...redisArgs.split(' '), '--save', ''],
    redisPort,
    {
      cwd: workDir,
      log: log('redis'),
    }
  )
  const ceilingPort = await freePort(8950)
  const ceilingScript = path.join(import.meta.dirname, 'ceiling.mjs')
  const ceilingServer = await startServer(
    'ceiling',
    process.execPath,
    [ceilingScript, String(ceilingPort)],
    ceilingPort,
    {
      env: { NODE_ENV: 'production' },
      log: log('ceiling'),
    }
  )
  const ceiling = createClient({
    url: `http://127.0.0.1:${ceilingPort}`,
    pid: ceilingServer.pid,
  })

  const serve = async (app, profileDir) => {
    app.server = await serveApp(app, { ...app.serving, profileDir })
    const { port, outbox } = app.serving
    app.client = createClient({
      url: `http://127.0.0.1:${port}`,
      pid: app.server.pid,
      outbox,
    })
  }
  const securityAccounts = SECURITY_ACCOUNTS[options.size]
  for (const [i, app] of apps.entries()) {
    step(
      `${app.label} (${app.dir}): migrating, building the api, seeding accounts`
    )
    await prepareApp(app, sizes.pool + 2 * securityAccounts, log(`build-${i}`))
    const port = await freePort(8921)
    const outbox = path.join(workDir, `outbox-${i}.jsonl`)
    app.serving = {
      port,
      outbox,
      redisUrl: `redis://127.0.0.1:${redisPort}/${i}`,
      log: log(`api-${i}`),
    }
    await serve(app)
  }

  const waitToResend = (app) =>
    sleep(Math.max(0, (app.lastRequestAt ?? 0) + RESEND_WAIT_MS - Date.now()))
  /** A requestOtp round, then a verifyOtp round: each pool session verifies its own new code. */
  const requestAndVerify = async (app, record = () => {}) => {
    await waitToResend(app)
    record('request', await app.client.sendOk('request', app.pool, CONNECTIONS))
    app.lastRequestAt = Date.now()
    record('verify', await app.client.sendOk('verify', app.pool, CONNECTIONS))
  }
  const statusRound = (app) =>
    app.client.sendOk('status', cycle(app.pool, sizes.statusRound), CONNECTIONS)
  const ceilingRound = () =>
    ceiling.sendOk('ceiling', cycle([null], sizes.ceilingRound), CONNECTIONS)

  for (const app of apps) {
    step(
      `${app.label}: signing in ${sizes.pool} accounts through /auth, then warming up`
    )
    app.pool = await app.client.logIn(app.users.slice(0, sizes.pool))
    await requestAndVerify(app)
    await statusRound(app)
  }
  await ceilingRound()

  // The order rotates each repetition, so every operation runs early and
  // late and bursts of load from elsewhere hit them all alike.
  const rounds = []
  const record = (app, op, batch) => rounds.push({ app, op, ...batch })
  const units = [
    async () => record('-', 'ceiling', await ceilingRound()),
    ...apps.map(
      (app) => async () => record(app.label, 'status', await statusRound(app))
    ),
    ...apps.map(
      (app) => () =>
        requestAndVerify(app, (op, batch) => record(app.label, op, batch))
    ),
  ]
  for (let rep = 0; rep < sizes.repetitions; rep++) {
    step(`Repetition ${rep + 1} of ${sizes.repetitions}`)
    for (let i = 0; i < units.length; i++) {
      await units[(i + rep) % units.length]()
    }
  }

  const security = []
  for (const app of apps) {
    step(`${app.label}: security checks under ${CONNECTIONS} connections`)
    await waitToResend(app)
    await app.client.sendOk('request', app.pool, CONNECTIONS)
    const singleUse = await checkSingleUse(app.client, app.pool)
    const fresh = app.users.slice(sizes.pool)
    const sessions = await app.client.logIn([...fresh, ...fresh, ...fresh])
    const accounts = fresh.map((user) =>
      sessions.filter((s) => s.user === user)
    )
    const [cap, lock] = [
      accounts.slice(0, securityAccounts),
      accounts.slice(securityAccounts),
    ]
    const checks = [
      singleUse,
      ...(await checkAttemptCaps(app.client, cap, lock)),
    ]
    security.push({ app: app.label, checks })
  }

  const { port } = primary.serving
  const flood = await measureLoginFlood(
    primary.client,
    port,
    primary.pool,
    FLOOD_QUERIES[options.size]
  )

  let profile
  if (options.profile) {
    step(`${primary.label}: its api again, under node --cpu-prof`)
    const profileDir = path.join(workDir, 'profile')
    await stop(primary.server)
    await serve(primary, profileDir)
    const windows = []
    const note = (op, { startedAt: from, endedAt: to }) =>
      windows.push({ op, from, to })
    await requestAndVerify(primary) // the JIT warms up again, unrecorded
    for (let rep = 0; rep < Math.ceil(sizes.repetitions / 2); rep++) {
      await requestAndVerify(primary, note)
      note('status', await statusRound(primary))
    }
    await stop(primary.server)
    profile = {
      app: primary.label,
      summary: summarizeProfile(profileDir, windows),
    }
  }

  const table = buildTable(rounds, apps)
  const results = {
    generatedAt: new Date().toISOString(),
    runSeconds: Math.round((Date.now() - startedAt) / 1000),
    cpus: os.cpus().length,
    connections: CONNECTIONS,
    loadAverage: { start: loadAtStart, end: os.loadavg() },
    apps: apps.map(({ dir, label }) => ({ dir, label })),
    table,
    budget: buildBudget(table, apps),
    security,
    loginFlood: { app: primary.label, ...flood },
    profile,
  }
  console.log(formatReport(results))
  fs.writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`)
  console.log(`Results written to ${options.out}`)
  return security.every(({ checks }) => checks.every((check) => check.passed))
}

const main = async () => {
  const options = parseArguments(process.argv.slice(2))
  const apps = [...options.others, ROOT].map(describeApp)
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redwood-2fa-bench-'))
  let cleaning
  const cleanUp = () =>
    (cleaning ??= stopAll().then(() => apps.forEach(removeAppDatabase)))
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      console.error(`\n${signal}: stopping everything the bench started`)
      cleanUp().finally(() => process.exit(130))
    })
  }
  try {
    // A missed budget line is a measurement; a failed security check is a bug.
    if (!(await run(options, workDir, apps))) {
      console.error('A security check failed (see above).')
      process.exitCode = 1
    }
    fs.rmSync(workDir, { recursive: true, force: true })
  } catch (error) {
    console.error(
      `\nThe bench failed: ${error.stack ?? error}\nLogs kept in ${workDir}`
    )
    process.exitCode = 1
  } finally {
    await cleanUp()
  }
}

await main()
