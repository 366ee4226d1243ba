import { PrismaClient } from '@prisma/client'

import { isPostgresUrl } from './databaseAdapter'

/**
 * A generated Prisma client speaks the SQL of one provider, and Redwood's
 * commands (`yarn rw build`, `yarn rw prisma …`) always generate
 * `@prisma/client` from api/db/schema.prisma, which is SQLite. So the
 * PostgreSQL client is generated beside it, from api/db/postgresql/schema.prisma
 * (the same models), into node_modules/.prisma/client-postgresql, and
 * DATABASE_URL picks one here: choosing PostgreSQL stays a matter of
 * configuration. Both have the same models, so the app is typed against one.
 */
export const prismaClientFor = (url: string): typeof PrismaClient => {
  if (!isPostgresUrl(url)) {
    return PrismaClient
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('.prisma/client-postgresql').PrismaClient
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') {
      throw new Error(
        'DATABASE_URL names PostgreSQL but its Prisma client is not generated: run `yarn db:deploy`'
      )
    }
    throw error
  }
}
