// Turns the rounds into the table, the ratios to the ceiling, the
// before/after comparison and the budget, and prints them.
import { LABELS, percentile } from './client.mjs'

const OPS = ['verify', 'request', 'status']
const round2 = (value) => Math.round(value * 100) / 100
const sum = (values) => values.reduce((total, value) => total + value, 0)
const col = (value, width) => String(value).padStart(width)
const fixed = (value, digits = 2) => value.toFixed(digits)

/** Every round of one operation on one server, pooled. */
const summarize = (rounds) => {
  const count = sum(rounds.map((r) => r.count))
  const latencies = rounds.flatMap((r) => r.latenciesMs)
  return {
    rounds: rounds.length,
    errors: sum(rounds.map((r) => r.count - (r.outcomes.OK ?? 0))),
    requestsPerSecond: round2(count / sum(rounds.map((r) => r.seconds))),
    p50Ms: round2(percentile(latencies, 50)),
    p99Ms: round2(percentile(latencies, 99)),
    cpuMsPerRequest: round2(
      (1000 * sum(rounds.map((r) => r.cpuSeconds))) / count
    ),
    perRound: rounds.map((r) => Math.round(r.count / r.seconds)),
  }
}

/** A row per operation and app, the ceiling first, each with its share of the ceiling. */
export const buildTable = (rounds, apps) => {
  const row = (app, op) => ({
    app,
    op,
    ...summarize(rounds.filter((r) => r.app === app && r.op === op)),
  })
  const ceiling = row('-', 'ceiling')
  return [
    ceiling,
    ...apps.flatMap(({ label }) => OPS.map((op) => row(label, op))),
  ].map((r) => ({
    ...r,
    ofCeiling: round2(r.requestsPerSecond / ceiling.requestsPerSecond),
    // What the throughput share would be if CPU alone decided it: steadier
    // than req/s when other work loads the machine.
    cpuOfCeiling: round2(ceiling.cpuMsPerRequest / r.cpuMsPerRequest),
  }))
}

const find = (table, app, op) => table.find((r) => r.app === app && r.op === op)

/** The performance budget, for each app measured. */
export const buildBudget = (table, apps) =>
  apps.flatMap(({ label }) => {
    const [verify, request, status] = OPS.map((op) => find(table, label, op))
    const ofVerify = round2(
      request.requestsPerSecond / verify.requestsPerSecond
    )
    return [
      ['verifyOtp >= 0.25 x the ceiling', verify.ofCeiling, 0.25],
      ['twoFactorStatus >= 0.3 x the ceiling', status.ofCeiling, 0.3],
      ['requestOtp >= 0.8 x verifyOtp', ofVerify, 0.8],
    ].map(([line, measured, least]) => ({
      app: label,
      line,
      measured,
      met: measured >= least,
    }))
  })

const loadLine = (when, load, cpus) =>
  `Load average ${when}: ${load.map((l) => fixed(l)).join(', ')} (1, 5, 15 min) on ${cpus} cores`

const verdict = (ok, yes = 'PASS', no = 'FAIL') => (ok ? yes : no).padEnd(8)

export const formatReport = ({
  table,
  budget,
  apps,
  security,
  loginFlood: flood,
  profile,
  ...run
}) =>
  [
    '',
    loadLine('at start', run.loadAverage.start, run.cpus),
    '',
    `At ${run.connections} connections, rounds interleaved, each operation's rounds pooled`,
    `${'operation'.padEnd(17)}${'app'.padEnd(10)}${col('req/s', 7)}${col('p50 ms', 9)}${col('p99 ms', 9)}` +
      `${col('CPU ms/req', 12)}${col('x ceiling', 11)}${col('CPU x ceiling', 15)}${col('rounds', 8)}${col('errors', 8)}`,
    ...table.map(
      (r) =>
        `${LABELS[r.op].padEnd(17)}${r.app.padEnd(10)}${col(fixed(r.requestsPerSecond, 0), 7)}${col(fixed(r.p50Ms), 9)}` +
        `${col(fixed(r.p99Ms), 9)}${col(fixed(r.cpuMsPerRequest), 12)}${col(fixed(r.ofCeiling), 11)}` +
        `${col(fixed(r.cpuOfCeiling), 15)}${col(r.rounds, 8)}${col(r.errors, 8)}`
    ),
    '',
    'Before/after in the same run: req/s (x ceiling), CPU ms/req',
    `${''.padEnd(17)}${apps.map((a) => col(a.label, 22)).join('')}`,
    ...OPS.map(
      (op) =>
        LABELS[op].padEnd(17) +
        apps
          .map(({ label }) => find(table, label, op))
          .map((r) =>
            col(
              `${fixed(r.requestsPerSecond, 0)} (${fixed(r.ofCeiling)}), ${fixed(r.cpuMsPerRequest)}`,
              22
            )
          )
          .join('')
    ),
    '',
    `Security under ${run.connections} connections`,
    ...security.flatMap(({ app, checks }) =>
      checks.map((c) => `${verdict(c.passed)}[${app}] ${c.text}`)
    ),
    '',
    `A login flood (wrong passwords) and a signed-in user [${flood.app}]`,
    `twoFactorStatus p50 alone ${fixed(flood.idleP50Ms)} ms, under the flood ${fixed(flood.floodedP50Ms)} ms ` +
      `(p99 ${fixed(flood.floodedP99Ms)} ms, ${flood.queries} queries, one connection): ${fixed(flood.ratio)} x`,
    `the flood: ${flood.clients} clients, ${fixed(flood.loginsPerSecond, 0)} logins/s over ${fixed(flood.floodSeconds, 1)} s; ` +
      `answers ${JSON.stringify(flood.loginAnswers)} (400: checked and wrong, 429: throttled before hashing)`,
    ...(profile
      ? [
          '',
          `CPU profile of the api under load [${profile.app}], by package (share of the samples in each operation's rounds)`,
          ...profile.summary.flatMap(({ op, samples, packages, functions }) => [
            `${LABELS[op]} (${samples} samples): ${packages.map((p) => `${p.name} ${p.percent}%`).join(', ')}`,
            `  top functions: ${functions.map((f) => `${f.name} ${f.percent}%`).join('; ')}`,
          ]),
        ]
      : []),
    '',
    'Budget',
    ...budget.map(
      (b) =>
        `${verdict(b.met, 'MET', 'NOT MET')}[${b.app}] ${b.line}: ${fixed(b.measured)} x`
    ),
    `${verdict(flood.ratio <= flood.target, 'MET', 'NOT MET')}[${flood.app}] ` +
      `twoFactorStatus p50 under the login flood <= ${flood.target} x alone: ${fixed(flood.ratio)} x`,
    '',
    loadLine('at end', run.loadAverage.end, run.cpus),
    `Run time ${run.runSeconds} s`,
  ].join('\n')
