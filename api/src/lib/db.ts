import { emitLogLevels, handlePrismaLogging } from '@redwoodjs/api/logger'

import { createDatabaseAdapter } from './databaseAdapter'
import { logger } from './logger'
import { prismaClientFor } from './prismaClient'

// The Rust-free Prisma client always talks to the database through a driver
// adapter: libSQL for SQLite (the default), node-postgres for PostgreSQL; the
// generated client must be the one for the same provider.
const PrismaClient = prismaClientFor(process.env.DATABASE_URL ?? '')
const prismaClient = new PrismaClient({
  adapter: createDatabaseAdapter(),
  log: emitLogLevels(['info', 'warn', 'error']),
})

handlePrismaLogging({
  db: prismaClient,
  logger,
  logLevels: ['info', 'warn', 'error'],
})

export const db = prismaClient
