// Where the server's CPU goes in a login with the second factor, next to what
// dbAuth's password hashing alone costs.
import dbAuth from '@redwoodjs/auth-dbauth-api'

import { BENCH_PASSWORD } from './settings.mjs'

/**
 * CPU seconds of `count` password checks done exactly as dbAuth 8.9's login
 * does them (DbAuthHandler._verifyPassword: the scrypt options are read from
 * the stored hash, then hashPassword runs scryptSync with them), timed in this
 * process while the api is idle.
 */
export const timePasswordHashing = (count, { hashedPassword, salt }) => {
  const options = dbAuth.extractHashingOptions(hashedPassword)
  const before = process.cpuUsage()
  for (let i = 0; i < count; i++) {
    const [hash] = dbAuth.hashPassword(BENCH_PASSWORD, { salt, options })
    if (hash !== hashedPassword) {
      throw new Error('The timed hash differs from the one logins check')
    }
  }
  const used = process.cpuUsage(before)
  return { count, options, cpuSeconds: (used.user + used.system) / 1e6 }
}

const msEach = (seconds, count) =>
  Math.round((seconds / count) * 1000 * 100) / 100

/**
 * The comparison, per exchange (login + requestOtp + verifyOtp), in CPU ms of
 * the api process:
 *  - allButHashing: the exchange minus the hashing timed in-process. It holds
 *    everything else the server did: HTTP, Fastify, GraphQL, Prisma, dbAuth's
 *    other work and this app's code. An upper bound on "our code".
 *  - secondFactorRequests: requestOtp + verifyOtp as whole requests.
 *  - secondFactorBeyondFloor: those two minus two authenticated no-op
 *    queries measured in the same phase, what any authenticated GraphQL
 *    request pays here (HTTP, GraphQL, cookie decryption, getCurrentUser's
 *    user lookup and session load). An estimate of the second factor's own
 *    work in the resolvers.
 */
export const compareExchangeCpu = ({
  login,
  request,
  verify,
  floor,
  hashing,
}) => {
  const count = login.count
  const exchange = login.cpuSeconds + request.cpuSeconds + verify.cpuSeconds
  const allButHashing = exchange - hashing.cpuSeconds
  const secondFactor = request.cpuSeconds + verify.cpuSeconds
  const twoFloors = (2 * floor.cpuSeconds * count) / floor.count
  return {
    exchanges: count,
    msPerExchange: {
      exchange: msEach(exchange, count),
      login: msEach(login.cpuSeconds, count),
      requestOtp: msEach(request.cpuSeconds, count),
      verifyOtp: msEach(verify.cpuSeconds, count),
      passwordHashing: msEach(hashing.cpuSeconds, count),
      loginBeyondHashing: msEach(login.cpuSeconds - hashing.cpuSeconds, count),
      allButHashing: msEach(allButHashing, count),
      secondFactorRequests: msEach(secondFactor, count),
      authenticatedRequestFloor: msEach(floor.cpuSeconds, floor.count),
      secondFactorBeyondFloor: msEach(secondFactor - twoFloors, count),
    },
    allButHashingBelowHashing: allButHashing < hashing.cpuSeconds,
  }
}
