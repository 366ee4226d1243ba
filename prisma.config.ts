import { defineConfig } from 'prisma/config'

import { databases, providerOf } from './scripts/lib/databases.mjs'
import { loadEnvFiles } from './scripts/loadEnvFiles'
import { preferJavaScriptEngines } from './scripts/prismaWithoutNativeEngines'
import { createSchemaEngineAdapter } from './scripts/schemaEngineAdapter'

// With a config file Prisma stops reading .env itself; read the same files
// Redwood does so `yarn prisma ...` and `yarn rw prisma ...` agree.
loadEnvFiles(__dirname)
preferJavaScriptEngines(__dirname)

// DATABASE_URL chooses the provider, and with it the schema and the folder of
// migrations `prisma migrate deploy` applies (api/db/ for SQLite,
// api/db/postgresql/ for PostgreSQL; scripts/lib/databases.mjs).
const database = databases[providerOf(process.env.DATABASE_URL)]

// Prisma runs its schema engine in JavaScript over the driver adapter the app
// uses (scripts/schemaEngineAdapter.ts). Paths are absolute because Redwood runs Prisma from the root and from api/.
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: database.schema,
  migrations: {
    path: database.migrations,
    seed: 'yarn rw exec seed',
  },
  async adapter() {
    return createSchemaEngineAdapter()
  },
})
