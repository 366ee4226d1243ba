import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'

import {
  createDatabaseAdapter,
  isPostgresUrl,
  resolveDatabaseUrl,
} from '../api/src/lib/databaseAdapter'

// PostgreSQL's catalog types that Prisma's schema engine reads as strings but
// @prisma/adapter-pg 6.19 refuses as "unsupported column types"
// (https://github.com/prisma/orm/issues/27403): `migrate deploy` stops at its
// first catalog query with "Column type 'name' could not be deserialized".
// Their text form is what the engine expects, so report them as text.
const CATALOG_TEXT_TYPES = new Map([
  [18, 25], // "char" → text
  [19, 25], // name → text
])
const TEXT = 25

type QueryCallback = (error: Error | null, result?: unknown) => void

const withCatalogTypesAsText = (result: unknown) => {
  for (const one of Array.isArray(result) ? result : [result]) {
    for (const field of (one as pg.QueryResult | undefined)?.fields ?? []) {
      if (CATALOG_TEXT_TYPES.has(field.dataTypeID)) {
        field.dataTypeID = TEXT
      }
    }
  }
  return result
}

class CatalogTypesAsTextClient extends pg.Client {
  // pg-pool calls its clients with a callback; the adapter's transactions
  // call them for a promise.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(config: any, values?: any, callback?: any): any {
    const done: QueryCallback | undefined =
      typeof values === 'function' ? values : callback
    if (typeof config?.submit === 'function' || !done) {
      const result = super.query(config, values)
      return done ? result : result.then(withCatalogTypesAsText)
    }
    const wrapped: QueryCallback = (error, result) =>
      done(error, result && withCatalogTypesAsText(result))
    return typeof values === 'function'
      ? super.query(config, wrapped)
      : super.query(config, values, wrapped)
  }
}

/**
 * The driver adapter Prisma's CLI runs its wasm schema engine over
 * (prisma.config.ts): the app's own for SQLite; for PostgreSQL the same
 * node-postgres adapter on a pool whose connections report catalog types as
 * text. Only the CLI uses it; the app's queries never read catalog types.
 */
export const createSchemaEngineAdapter = (
  rawUrl = process.env.DATABASE_URL
) => {
  const url = rawUrl && resolveDatabaseUrl(rawUrl)
  if (!url || !isPostgresUrl(url)) {
    return createDatabaseAdapter(rawUrl)
  }
  return new PrismaPg(
    new pg.Pool({
      connectionString: url,
      Client: CatalogTypesAsTextClient,
      // Idle connections would keep the CLI alive for pg's 10 s idle timeout
      // after its work is done.
      allowExitOnIdle: true,
    })
  )
}
