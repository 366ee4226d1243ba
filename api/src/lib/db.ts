import { PrismaClient } from '@prisma/client'

import { emitLogLevels, handlePrismaLogging } from '@redwoodjs/api/logger'

import { createDatabaseAdapter } from './databaseAdapter'
import { logger } from './logger'

// The Rust-free Prisma client always talks to the database through a driver
// adapter: libSQL for SQLite (the default), node-postgres for PostgreSQL.
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
