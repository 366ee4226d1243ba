import path from 'node:path'

import { PrismaLibSQL } from '@prisma/adapter-libsql'
import { PrismaPg } from '@prisma/adapter-pg'

// Kept free of Redwood imports: the Prisma CLI loads this file through
// prisma.config.ts, and the app loads it through api/src/lib/db.ts.

const API_DB_DIR = path.resolve(__dirname, '../../db')

/**
 * Prisma's native engine resolved `file:./dev.db` against the schema's folder.
 * Driver adapters resolve against the process cwd instead, which differs between
 * `yarn rw dev` (root), `yarn rw build` (api/) and Jest, so pin it to api/db/.
 */
export const resolveDatabaseUrl = (url: string): string => {
  if (!url.startsWith('file:')) {
    return url
  }
  const file = url.slice('file:'.length)
  return path.isAbsolute(file) ? url : `file:${path.resolve(API_DB_DIR, file)}`
}

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//.test(url)

export const createDatabaseAdapter = (rawUrl = process.env.DATABASE_URL) => {
  if (!rawUrl) {
    throw new Error('DATABASE_URL is not set (see .env.defaults)')
  }
  const url = resolveDatabaseUrl(rawUrl)
  return isPostgresUrl(url)
    ? new PrismaPg({ connectionString: url })
    : new PrismaLibSQL({ url })
}
