// What the benchmark runs on: its own Redis, database and build, then the
// built api served on top of them.
import path from 'node:path'

import Redis from 'ioredis'

import { removeSqliteDatabase } from '../lib/localRun.mjs'

import { seedUsers, sharedPasswordHash } from './accounts.mjs'
import { followOutbox } from './outbox.mjs'
import {
  firstFreePort,
  listenerPid,
  runToCompletion,
  startProcess,
  waitForPort,
} from './processes.mjs'
import { step } from './progress.mjs'
import {
  API_PORTS,
  apiEnvironment,
  DATABASE_FILE,
  REDIS_PORTS,
} from './settings.mjs'

export const ROOT = path.resolve(import.meta.dirname, '../..')
const DATABASE_PATH = path.join(ROOT, 'api/db', DATABASE_FILE)

/** The bench database is rebuilt for every run and removed after it. */
export const removeDatabase = () => removeSqliteDatabase(DATABASE_PATH)

/**
 * Its own Redis, database and build, then the built api on top of them.
 * `resources` collects what must be closed however the run ends.
 */
export const startStack = async (workDir, userCount, resources) => {
  const logFile = (name) => path.join(workDir, `${name}.log`)
  const redisPort = await firstFreePort(REDIS_PORTS)
  const apiPort = await firstFreePort(API_PORTS)

  step(`Starting Redis on 127.0.0.1:${redisPort}`)
  const redisServer = startProcess(
    'redis-server',
    'redis-server',
    [
      '--port',
      String(redisPort),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    { cwd: workDir, logFile: logFile('redis') }
  )
  await waitForPort(redisServer, redisPort, 10_000)

  step(`Preparing api/db/${DATABASE_FILE}`)
  removeDatabase()
  await runToCompletion(
    'prisma migrate deploy',
    'yarn',
    ['prisma', 'migrate', 'deploy'],
    {
      cwd: ROOT,
      env: { DATABASE_URL: `file:./${DATABASE_FILE}` },
      logFile: logFile('migrate'),
    }
  )

  step('Building the api (yarn rw build api)')
  await runToCompletion('yarn rw build api', 'yarn', ['rw', 'build', 'api'], {
    cwd: ROOT,
    logFile: logFile('build'),
  })

  step(`Seeding ${userCount} accounts with 2FA on`)
  const passwordHash = sharedPasswordHash()
  const users = await seedUsers(DATABASE_PATH, userCount, passwordHash)

  step(`Starting the built api on 127.0.0.1:${apiPort} (yarn rw serve api)`)
  const outboxPath = path.join(workDir, 'outbox.jsonl')
  const outbox = followOutbox(outboxPath)
  const api = startProcess(
    'yarn rw serve api',
    'yarn',
    ['rw', 'serve', 'api'],
    {
      cwd: ROOT,
      env: apiEnvironment({ apiPort, redisPort, outboxPath }),
      logFile: logFile('api'),
    }
  )
  await waitForPort(api, apiPort, 60_000)

  const redis = new Redis({
    host: '127.0.0.1',
    port: redisPort,
    maxRetriesPerRequest: 1,
  })
  resources.redis = redis
  return {
    api,
    apiPort,
    serverPid: listenerPid(apiPort),
    redis,
    redisPid: redisServer.child.pid,
    outbox,
    users,
    passwordHash,
  }
}
