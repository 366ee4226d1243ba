// Turns the measured rounds into the table, the ratios and the budget lines.
import { percentile } from './load.mjs'
import { operations } from './requests.mjs'
import { CONCURRENCY_LEVELS } from './settings.mjs'

const OPERATION_ORDER = ['trivial', 'request', 'verify']

const round2 = (value) => Math.round(value * 100) / 100
const sum = (values) => values.reduce((total, value) => total + value, 0)

/** Pools every repetition of one operation at one concurrency. */
const summarize = (rounds) => {
  const count = sum(rounds.map((r) => r.count))
  const seconds = sum(rounds.map((r) => r.seconds))
  const latencies = rounds.flatMap((r) => r.latenciesMs)
  return {
    requests: count,
    rounds: rounds.length,
    requestsPerSecond: round2(count / seconds),
    p50Ms: round2(percentile(latencies, 50)),
    p99Ms: round2(percentile(latencies, 99)),
    cpuMsPerRequest: round2(
      (sum(rounds.map((r) => r.cpuSeconds)) / count) * 1000
    ),
    requestsPerSecondByRound: rounds.map((r) => round2(r.count / r.seconds)),
  }
}

export const buildTable = (rounds) =>
  CONCURRENCY_LEVELS.flatMap((connections) =>
    OPERATION_ORDER.map((op) => ({
      operation: operations[op].label,
      op,
      connections,
      ...summarize(
        rounds.filter((r) => r.op === op && r.connections === connections)
      ),
    }))
  )

const rowOf = (table, op, connections) =>
  table.find((row) => row.op === op && row.connections === connections)

export const buildRatios = (table) =>
  CONCURRENCY_LEVELS.map((connections) => {
    const trivial = rowOf(table, 'trivial', connections)
    const ratio = (op, field) =>
      round2(rowOf(table, op, connections)[field] / trivial[field])
    return {
      connections,
      verifyThroughput: ratio('verify', 'requestsPerSecond'),
      verifyP99: ratio('verify', 'p99Ms'),
      requestThroughput: ratio('request', 'requestsPerSecond'),
      requestP99: ratio('request', 'p99Ms'),
    }
  })

/** Round trips every authenticated request spends (loading its session). */
export const sessionLoadRoundTrips = (redisCost) => redisCost.floor.roundTrips

export const buildBudget = ({ ratios, redisCost, cpu, loginFlood }) => {
  const top = Math.max(...CONCURRENCY_LEVELS)
  const atTop = ratios.find((r) => r.connections === top)
  const sessionLoad = sessionLoadRoundTrips(redisCost)
  const beyondSessionLoad = (op) =>
    round2(redisCost[op].roundTrips - sessionLoad)
  const line = (text, measured, met) => ({ line: text, measured, met })
  return [
    line(
      'verifyOtp: one Redis round trip on the hot path (beyond the session load every request pays)',
      `${beyondSessionLoad('verify')} (${redisCost.verify.roundTrips} in all)`,
      beyondSessionLoad('verify') <= 1
    ),
    line(
      'requestOtp: at most two round trips, not counting the SMS send (beyond the session load)',
      `${beyondSessionLoad('request')} (${redisCost.request.roundTrips} in all)`,
      beyondSessionLoad('request') <= 2
    ),
    line(
      `verifyOtp throughput >= 0.8 x twoFactorStatus at ${top} connections`,
      `${atTop.verifyThroughput} x`,
      atTop.verifyThroughput >= 0.8
    ),
    line(
      `verifyOtp p99 <= 1.5 x twoFactorStatus at ${top} connections`,
      `${atTop.verifyP99} x`,
      atTop.verifyP99 <= 1.5
    ),
    line(
      'login with 2FA: less server CPU on everything but password hashing than on hashing',
      `${cpu.msPerExchange.allButHashing} ms vs ${cpu.msPerExchange.passwordHashing} ms per exchange`,
      cpu.allButHashingBelowHashing
    ),
    line(
      `twoFactorStatus p50 under a login flood from ${loginFlood.clients} addresses <= ${loginFlood.target} x its p50 alone`,
      `${loginFlood.ratio} x (${loginFlood.floodedP50Ms} ms vs ${loginFlood.idleP50Ms} ms)`,
      loginFlood.ratio <= loginFlood.target
    ),
  ]
}

const pad = (value, width, left = false) =>
  left ? String(value).padEnd(width) : String(value).padStart(width)

const fixed = (value, digits) => Number(value).toFixed(digits)

const formatTable = (table) => {
  const header = `${pad('operation', 16, true)}${pad('conns', 6)}${pad('req/s', 9)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('CPU ms/req', 12)}${pad('requests', 10)}`
  const rows = table.map(
    (row) =>
      `${pad(row.operation, 16, true)}${pad(row.connections, 6)}${pad(fixed(row.requestsPerSecond, 1), 9)}` +
      `${pad(fixed(row.p50Ms, 2), 9)}${pad(fixed(row.p99Ms, 2), 9)}${pad(fixed(row.cpuMsPerRequest, 2), 12)}${pad(row.requests, 10)}`
  )
  return [header, ...rows]
}

const formatRatios = (ratios) => [
  `${pad('conns', 6)}${pad('verify/trivial req/s', 22)}${pad('verify/trivial p99', 20)}${pad('request/trivial req/s', 23)}${pad('request/trivial p99', 21)}`,
  ...ratios.map(
    (r) =>
      `${pad(r.connections, 6)}${pad(fixed(r.verifyThroughput, 2), 22)}${pad(fixed(r.verifyP99, 2), 20)}` +
      `${pad(fixed(r.requestThroughput, 2), 23)}${pad(fixed(r.requestP99, 2), 21)}`
  ),
]

const formatRedisCost = (redisCost) =>
  ['floor', ...OPERATION_ORDER].flatMap((op) => {
    const cost = redisCost[op]
    const sequence = Object.entries(cost.sequence)
      .map(([label, n]) => (n === 1 ? label : `${label} x${n}`))
      .join(' + ')
    return [
      `${pad(operations[op].label, 16, true)}round trips ${fixed(cost.roundTrips, 2)}   commands ${fixed(cost.commands, 2)} ` +
        `(${fixed(cost.sentCommands, 2)} sent by the api, ${fixed(cost.scriptCommands, 2)} inside scripts)`,
      `${pad('', 16)}sent: ${sequence}`,
    ]
  })

const verdict = (passed) => (passed ? 'PASS' : 'FAIL')

const formatSecurity = ({ singleUse, attemptCaps }) => {
  const { perCodeCap, lockout } = attemptCaps
  const span = ({ min, max }) => (min === max ? `${min}` : `${min}-${max}`)
  return [
    `${verdict(singleUse.passed)}  single use: ${singleUse.codes} codes, each sent twice at once: ` +
      `${span(singleUse.successesPerCode)} success per code ${JSON.stringify(singleUse.racedOutcomes)}; ` +
      `replayed with the new session: ${JSON.stringify(singleUse.replayOutcomes)}`,
    `${verdict(perCodeCap.passed)}  per-code cap: ${perCodeCap.accounts} accounts x ${perCodeCap.wrongGuessesEach} parallel wrong guesses: ` +
      `${span(perCodeCap.evaluatedPerCode)} compared with the code (cap ${attemptCaps.otpMaxAttempts}) ${JSON.stringify(perCodeCap.outcomes)}; ` +
      `right code afterwards: ${JSON.stringify(perCodeCap.rightCodeAfterwards)}`,
    `${verdict(lockout.passed)}  lockout: ${lockout.accounts} accounts x ${lockout.wrongGuessesEach} parallel wrong guesses: ` +
      `${span(lockout.failuresAnsweredBeforeLock)} failures answered before TWO_FACTOR_LOCKED (locks at ${attemptCaps.twoFactorMaxFailures}) ` +
      `${JSON.stringify(lockout.outcomes)}; new correct code while locked: ${JSON.stringify(lockout.newCorrectCodeWhileLocked)}`,
  ]
}

const formatCpu = (cpu) => {
  const m = cpu.msPerExchange
  return [
    `${cpu.exchanges} exchanges, server CPU ms each: login ${m.login} + requestOtp ${m.requestOtp} + verifyOtp ${m.verifyOtp} = ${m.exchange}`,
    `dbAuth password hashing (scrypt, timed in-process, same count): ${m.passwordHashing}`,
    `everything but hashing (exchange - hashing; upper bound for our code): ${m.allButHashing}`,
    `login minus hashing: ${m.loginBeyondHashing} (dbAuth's other work, the user lookup, session creation; hash timing varies a few ms with machine load)`,
    `requestOtp + verifyOtp: ${m.secondFactorRequests}; minus 2 x { __typename } (${m.authenticatedRequestFloor}, what any authenticated request costs): ${m.secondFactorBeyondFloor}`,
  ]
}

const formatLoginFlood = (flood) => [
  `twoFactorStatus p50 alone      ${fixed(flood.idleP50Ms, 2)} ms (${flood.queries} queries, one connection)`,
  `twoFactorStatus p50 under flood ${fixed(flood.floodedP50Ms, 2)} ms (p99 ${fixed(flood.floodedP99Ms, 2)} ms): ${fixed(flood.ratio, 2)} x`,
  `the flood: ${flood.clients} clients, ${fixed(flood.loginsPerSecond, 0)} logins/s over ${fixed(flood.floodSeconds, 1)} s; answers ${JSON.stringify(flood.loginAnswers)} (400: checked and wrong, 429: throttled before hashing)`,
]

const formatBudget = (budget) =>
  budget.map(
    (b) => `${b.met ? 'MET    ' : 'NOT MET'}  ${b.line}: ${b.measured}`
  )

export const formatReport = ({
  table,
  ratios,
  redisCost,
  scriptLoads,
  security,
  cpu,
  loginFlood,
  budget,
  seconds,
}) =>
  [
    '',
    'Throughput and latency (rounds interleaved; every repetition pooled)',
    ...formatTable(table),
    '',
    'Ratios to twoFactorStatus, same run',
    ...formatRatios(ratios),
    '',
    'Redis per request (one connection, requests one at a time)',
    ...formatRedisCost(redisCost),
    `EVAL (ioredis's fallback after NOSCRIPT, one per script and connection) since Redis started: ${scriptLoads}`,
    '',
    `Security under ${security.connections} connections`,
    ...formatSecurity(security),
    '',
    'Server CPU of the login-with-2FA exchange',
    ...formatCpu(cpu),
    '',
    'A login flood (wrong passwords) and a signed-in user',
    ...formatLoginFlood(loginFlood),
    '',
    'Budget',
    ...formatBudget(budget),
    '',
    `Total run time ${fixed(seconds, 0)} s`,
  ].join('\n')
