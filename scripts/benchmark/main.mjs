// `scripts/bench`: measures the SMS second factor's hot paths on the built
// api, with its own Redis, SQLite database and SMS outbox, and checks the
// performance budget. See README.md, "Benchmark".
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { compareExchangeCpu } from './cpu.mjs'
import { createFlows } from './flows.mjs'
import { percentile } from './load.mjs'
import { accountsNeeded, measure } from './phases.mjs'
import { stopAll, tailOf } from './processes.mjs'
import {
  buildBudget,
  buildRatios,
  buildTable,
  formatReport,
} from './report.mjs'
import { sizesFor } from './settings.mjs'
import { removeDatabase, ROOT, startStack } from './stack.mjs'

const parseArguments = (args) => {
  const options = { out: path.join(ROOT, 'bench-results.json'), quick: false }
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--quick') {
      options.quick = true
    } else if (args[i] === '--out' && args[i + 1]) {
      options.out = path.resolve(args[++i])
    } else {
      throw new Error(
        `Usage: scripts/bench [--quick] [--out results.json] (got "${args[i]}")`
      )
    }
  }
  return options
}

/** What goes to the JSON file about each round (not every latency sample). */
const roundSummary = ({
  op,
  connections,
  rep,
  count,
  seconds,
  cpuSeconds,
  latenciesMs,
}) => ({
  op,
  connections,
  rep,
  count,
  seconds: Math.round(seconds * 1000) / 1000,
  requestsPerSecond: Math.round((count / seconds) * 10) / 10,
  p50Ms: Math.round(percentile(latenciesMs, 50) * 100) / 100,
  p99Ms: Math.round(percentile(latenciesMs, 99) * 100) / 100,
  cpuSeconds: Math.round(cpuSeconds * 100) / 100,
})
/** The same figures as the printed report, plus each round, for the JSON file. */
const resultsDocument = ({ sizes, seconds, measured, report }) => {
  const { exchange, otherLogins } = measured
  const loginCpu = otherLogins.reduce((total, b) => total + b.cpuSeconds, 0)
  const loginCount = otherLogins.reduce((total, b) => total + b.count, 0)
  return {
    generatedAt: new Date().toISOString(),
    runSeconds: Math.round(seconds),
    machine: {
      cpus: os.cpus().length,
      node: process.version,
      redis: measured.redisVersion,
    },
    sizes,
    table: report.table.map(({ op: _op, ...row }) => row),
    ratios: report.ratios,
    redis: {
      perRequest: measured.redisCost,
      scriptLoadsSinceStart: measured.scriptLoads,
      roundTripsCountedAs:
        'write(2) calls by redis-server per request (/proc/<pid>/io syscw), one connection, sequential requests',
    },
    security: measured.security,
    loginFlood: measured.loginFlood,
    cpu: {
      ...report.cpu,
      measuredAs:
        'utime+stime of the api process (/proc/<pid>/stat) around each batch; hashing timed with process.cpuUsage() in the bench process',
      hashingOptions: exchange.hashing.options,
      loginMsOverAllOtherLogins:
        Math.round((loginCpu / loginCount) * 100_000) / 100,
    },
    budget: report.budget,
    rounds: measured.rounds.map(roundSummary),
  }
}

const allSecurityChecksPassed = ({ singleUse, attemptCaps }) =>
  singleUse.passed &&
  attemptCaps.perCodeCap.passed &&
  attemptCaps.lockout.passed

const run = async (options, workDir, resources) => {
  const startedAt = Date.now()
  const sizes = sizesFor(options)
  const stack = await startStack(workDir, accountsNeeded(sizes), resources)
  const flows = createFlows({
    baseUrl: `http://127.0.0.1:${stack.apiPort}`,
    serverPid: stack.serverPid,
    outbox: stack.outbox,
  })
  const measured = await measure(flows, stack, sizes)

  const table = buildTable(measured.rounds)
  const ratios = buildRatios(table)
  const cpu = compareExchangeCpu(measured.exchange)
  const budget = buildBudget({
    ratios,
    redisCost: measured.redisCost,
    cpu,
    loginFlood: measured.loginFlood,
  })
  const report = { table, ratios, cpu, budget }
  const seconds = (Date.now() - startedAt) / 1000

  console.log(formatReport({ ...measured, ...report, seconds }))
  const results = resultsDocument({ sizes, seconds, measured, report })
  fs.writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`)
  console.log(`Results written to ${options.out}`)
  return { securityPassed: allSecurityChecksPassed(measured.security) }
}

const main = async () => {
  const options = parseArguments(process.argv.slice(2))
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redwood-2fa-bench-'))
  const resources = {}
  let interrupted = false
  let cleaning
  const cleanUp = () =>
    (cleaning ??= (async () => {
      resources.redis?.disconnect()
      await stopAll()
      removeDatabase()
    })())
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      interrupted = true
      console.error(`\n${signal}: stopping everything the bench started`)
      cleanUp().finally(() => {
        fs.rmSync(workDir, { recursive: true, force: true })
        process.exit(130)
      })
    })
  }

  try {
    const { securityPassed } = await run(options, workDir, resources)
    await cleanUp()
    fs.rmSync(workDir, { recursive: true, force: true })
    // A missed budget line is a measurement; a failed security check is a bug.
    if (!securityPassed) {
      console.error('A security check failed (see above).')
      process.exitCode = 1
    }
  } catch (error) {
    if (interrupted) {
      return // requests fail once the api is stopped; nothing to report
    }
    console.error(`\nThe bench failed: ${error.stack ?? error}`)
    console.error(
      `\nLast lines of the api log:\n${tailOf(path.join(workDir, 'api.log'))}`
    )
    console.error(`Logs kept in ${workDir}`)
    process.exitCode = 1
    await cleanUp()
  }
}

await main()
