#!/usr/bin/env node
// `yarn migrate <name>`: writes the next migration from your schema change and
// applies it. It stands in for `prisma migrate dev`, which Prisma's wasm schema
// engine cannot run on SQLite. Each migration folder keeps a copy of the schema
// it produces, so the next diff starts from exactly what the migrations built.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const schema = path.join(root, 'api/db/schema.prisma')
const migrationsDir = path.join(root, 'api/db/migrations')

const name = (process.argv[2] || 'schema_change')
  .toLowerCase()
  .replace(/[^a-z0-9]+/g, '_')
  .replace(/^_|_$/g, '')

const prisma = (args, options = {}) =>
  execFileSync('yarn', ['prisma', ...args], {
    cwd: root,
    encoding: 'utf8',
    ...options,
  })

const previous = fs
  .readdirSync(migrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()
  .at(-1)
const previousSnapshot =
  previous && path.join(migrationsDir, previous, 'schema.prisma')

const from =
  previousSnapshot && fs.existsSync(previousSnapshot)
    ? ['--from-schema-datamodel', previousSnapshot]
    : ['--from-empty']

const sql = prisma([
  'migrate',
  'diff',
  ...from,
  '--to-schema-datamodel',
  schema,
  '--script',
])
  .split('\n')
  .filter((line) => !line.startsWith('Loaded Prisma config'))
  .join('\n')
  .trim()

if (!sql || sql === '-- This is an empty migration.') {
  console.log('The schema matches the last migration; nothing to write.')
} else {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14)
  const dir = path.join(migrationsDir, `${stamp}_${name}`)
  fs.mkdirSync(dir)
  fs.writeFileSync(path.join(dir, 'migration.sql'), `${sql}\n`)
  fs.copyFileSync(schema, path.join(dir, 'schema.prisma'))
  console.log(`Wrote ${path.relative(root, dir)}/migration.sql`)
}

prisma(['migrate', 'deploy'], { stdio: 'inherit' })
prisma(['generate'], { stdio: 'inherit' })
