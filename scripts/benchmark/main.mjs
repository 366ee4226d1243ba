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
const USAGE = 'scripts/bench [--quick] [--profile] [--app DIR]... [--out FILE]'

const parseArguments = (args) => {
  const out = path.join(ROOT, 'bench-results.json')
  const options = { quick: false, profile: false, others: [], out }
  for (let i = 0; i < args.length; i++) {
    const flag = args[i].slice(2)
    if (flag === 'quick' || flag === 'profile') {
      options[flag] = true
    } else if ((flag === 'app' || flag === 'out') && args[i + 1]) {
      const dir = path.resolve(args[++i])
      flag === 'app' ? options.others.push(dir) : (options.out = dir)
    } else {
      throw new Error(`Usage: ${USAGE} (got "${args[i]}")`)
    }
  }
  return options
}

const run = async (options, workDir, apps) => {
  const [startedAt, loadAtStart] = [Date.now(), os.loadavg()]
  const size = options.quick ? 'quick' : 'full'
  const sizes = SIZES[size]
  const log = (name) => ({ log: path.join(workDir, `${name}.log`) })
  const primary = apps.at(-1) // this checkout: the flood and the profile

  const redisPort = await freePort(6420)
  step(`Redis on 127.0.0.1:${redisPort} (nothing saved), the ceiling beside it`)
  const redis = `redis-server --port ${redisPort} --bind 127.0.0.1 --save`
  const redisCommand = [...redis.split(' '), '', '--appendonly', 'no']
  await startServer('redis-server', redisPort, redisCommand, log('redis'))
  const ceilingPort = await freePort(8950)
  const ceilingServer = await startServer(
    'ceiling',
    ceilingPort,
    [process.execPath, `${import.meta.dirname}/ceiling.mjs`, `${ceilingPort}`],
    { env: { NODE_ENV: 'production' }, ...log('ceiling') }
  )
  const ceiling = createClient(ceilingPort, ceilingServer.pid)

  const serve = async (app, profileDir) => {
    app.server = await serveApp(app, { ...app.serving, profileDir })
    const { port, outbox } = app.serving
    app.client = createClient(port, app.server.pid, outbox)
  }
  const securityAccounts = SECURITY_ACCOUNTS[size]
  for (const [i, app] of apps.entries()) {
    step(`${app.label} (${app.dir}): migrating, building, seeding`)
    await prepareApp(app, sizes.pool + 2 * securityAccounts, log(`build-${i}`))
    app.serving = {
      port: await freePort(8921),
      outbox: path.join(workDir, `outbox-${i}.jsonl`),
      redisUrl: `redis://127.0.0.1:${redisPort}/${i}`,
      ...log(`api-${i}`),
    }
    await serve(app)
  }

  const waitToResend = (app) =>
    sleep(Math.max(0, (app.lastRequestAt ?? 0) + RESEND_WAIT_MS - Date.now()))
  /**
   * A requestOtp round, then a verifyOtp round in which each session that
   * got a code verifies it. On a machine this busy a Redis call can time out
   * (SERVICE_UNAVAILABLE, counted as an error in the table) after Redis did
   * the work, leaving a session without its code or ended: those accounts
   * are signed in afresh.
   */
  const requestAndVerify = async (app, record = () => {}) => {
    const failed = new Set()
    const onAnswer = (session, outcome) =>
      outcome === 'OK' || failed.add(session)
    const options = { connections: CONNECTIONS, onAnswer }
    await waitToResend(app)
    record('request', await app.client.send('request', app.pool, options))
    app.lastRequestAt = Date.now()
    const holding = app.pool.filter((session) => !failed.has(session))
    record('verify', await app.client.send('verify', holding, options))
    const renewed = await app.client.logIn([...failed].map((s) => s.user))
    for (const session of failed) {
      session.cookie = renewed.find((r) => r.user === session.user).cookie
    }
    return holding
  }
  const statusRound = (app) =>
    app.client.send('status', cycle(app.pool, sizes.statusRound), {
      connections: CONNECTIONS,
    })
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
    const holding = new Set()
    await app.client.send('request', app.pool, {
      connections: CONNECTIONS,
      onAnswer: (session, outcome) => outcome === 'OK' && holding.add(session),
    })
    const singleUse = await checkSingleUse(app.client, [...holding])
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
    FLOOD_QUERIES[size]
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
