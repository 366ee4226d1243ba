/* eslint-env node, es2022 */
// Where each database provider's schema and migrations live, and how the
// PostgreSQL schema is made from the SQLite one. api/db/schema.prisma is the
// only schema anyone edits: a Prisma schema names exactly one provider (and
// not from the environment), so PostgreSQL gets a copy with the provider
// swapped, written by `yarn migrate` and never by hand.
import { execFileSync } from 'node:child_process'
import path from 'node:path'

export const ROOT = path.resolve(import.meta.dirname, '../..')

export const databases = {
  sqlite: {
    schema: path.join(ROOT, 'api/db/schema.prisma'),
    migrations: path.join(ROOT, 'api/db/migrations'),
  },
  postgresql: {
    schema: path.join(ROOT, 'api/db/postgresql/schema.prisma'),
    migrations: path.join(ROOT, 'api/db/postgresql/migrations'),
  },
}

export const isPostgresUrl = (url = '') => /^postgres(ql)?:\/\//.test(url)

/** The provider DATABASE_URL names: `postgresql://…` or anything else (SQLite). */
export const providerOf = (url) =>
  isPostgresUrl(url) ? 'postgresql' : 'sqlite'

const replaceOnce = (text, pattern, replacement) => {
  const matches = text.match(new RegExp(pattern.source, 'gm')) ?? []
  if (matches.length !== 1) {
    throw new Error(
      `api/db/schema.prisma: expected one line matching ${pattern}, found ${matches.length}`
    )
  }
  return text.replace(new RegExp(pattern.source, 'm'), replacement)
}

/**
 * The PostgreSQL schema: the same models, its own provider, and its client
 * generated beside the SQLite one (node_modules/.prisma/client-postgresql).
 * Redwood's commands (`yarn rw build`, `yarn rw prisma …`) always generate
 * `@prisma/client` from api/db/schema.prisma, so the PostgreSQL client lives
 * where they cannot overwrite it; api/src/lib/prismaClient.ts picks one by
 * DATABASE_URL.
 */
export const derivePostgresqlSchema = (sqliteSchema) => {
  let schema = replaceOnce(
    sqliteSchema,
    /^(\s*provider\s*=\s*)"sqlite"\s*$/,
    '$1"postgresql"'
  )
  schema = replaceOnce(
    schema,
    /^(\s*)provider(\s*)=(\s*)"prisma-client-js"\s*$/,
    '$&\n$1output  $2=$3"../../../node_modules/.prisma/client-postgresql"'
  )
  return (
    '// Written by `yarn migrate` from api/db/schema.prisma: edit that file, not this one.\n' +
    schema
  )
}

const prisma = (args, env = {}) =>
  execFileSync('yarn', ['prisma', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    env: { ...process.env, ...env },
  })

/**
 * Applies the migrations of DATABASE_URL's provider (prisma.config.ts picks
 * the folder) and generates both Prisma clients, so either provider works
 * whatever Redwood regenerates later.
 */
export const deployDatabase = () => {
  process.stdout.write(prisma(['migrate', 'deploy']))
  for (const { schema } of Object.values(databases)) {
    prisma(['generate', '--schema', schema])
  }
}
