import path from 'node:path'

import { defineConfig } from 'prisma/config'

import { createDatabaseAdapter } from './api/src/lib/databaseAdapter'
import { loadEnvFiles } from './scripts/loadEnvFiles'
import { preferJavaScriptEngines } from './scripts/prismaWithoutNativeEngines'

// With a config file Prisma stops reading .env itself; read the same files
// Redwood does so `yarn prisma ...` and `yarn rw prisma ...` agree.
loadEnvFiles(__dirname)
preferJavaScriptEngines(__dirname)

// Prisma runs its schema engine in JavaScript over the same driver adapter the
// app uses. Paths are absolute because Redwood runs Prisma from the root and from api/.
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(__dirname, 'api/db/schema.prisma'),
  migrations: {
    path: path.join(__dirname, 'api/db/migrations'),
    seed: 'yarn rw exec seed',
  },
  async adapter() {
    return createDatabaseAdapter()
  },
})
