import fs from 'node:fs'
import path from 'node:path'

import { getConfig, getDMMF } from '@prisma/internals'

// api/db/schema.prisma (SQLite) is the schema people edit; `yarn migrate`
// writes PostgreSQL's copy and a migration for each provider. These tests fail
// when the two schemas drift apart or a schema change has no migration.

const DB_DIR = path.resolve(__dirname, '../../db')
const SCHEMAS = {
  sqlite: path.join(DB_DIR, 'schema.prisma'),
  postgresql: path.join(DB_DIR, 'postgresql/schema.prisma'),
}
const MIGRATIONS = {
  sqlite: path.join(DB_DIR, 'migrations'),
  postgresql: path.join(DB_DIR, 'postgresql/migrations'),
}

const read = (file: string) => fs.readFileSync(file, 'utf8')

const configOf = (datamodel: string) =>
  getConfig({ datamodel, ignoreEnvVarErrors: true })

describe('the database schemas', () => {
  it('PostgreSQL has the same models as SQLite; only the provider and where its client is generated differ', async () => {
    const sqlite = read(SCHEMAS.sqlite)
    const postgresql = read(SCHEMAS.postgresql)

    const [sqliteModels, postgresqlModels] = await Promise.all(
      [sqlite, postgresql].map(async (datamodel) => {
        const { datamodel: models } = await getDMMF({ datamodel })
        return models
      })
    )
    expect(sqliteModels.models.map((model) => model.name)).toContain('User')
    expect(postgresqlModels).toEqual(sqliteModels)

    const [sqliteConfig, postgresqlConfig] = await Promise.all(
      [sqlite, postgresql].map(configOf)
    )
    expect(sqliteConfig.datasources.map((source) => source.provider)).toEqual([
      'sqlite',
    ])
    expect(
      postgresqlConfig.datasources.map((source) => source.provider)
    ).toEqual(['postgresql'])

    const generator = ({ name, provider, config }) => ({
      name,
      provider: provider.value,
      config,
    })
    expect(postgresqlConfig.generators.map(generator)).toEqual(
      sqliteConfig.generators.map(generator)
    )
    // Beside the SQLite client, where Redwood's commands cannot overwrite it.
    expect(
      postgresqlConfig.generators.map(({ output }) => output?.value)
    ).toEqual([
      expect.stringMatching(/\/node_modules\/\.prisma\/client-postgresql$/),
    ])
  })

  it.each(['sqlite', 'postgresql'] as const)(
    "the newest %s migration builds today's schema (`yarn migrate` ran after the last change)",
    (provider) => {
      const newest = fs
        .readdirSync(MIGRATIONS[provider], { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
        .at(-1)
      expect(newest).toBeDefined()
      const folder = path.join(MIGRATIONS[provider], newest)
      expect(fs.existsSync(path.join(folder, 'migration.sql'))).toBe(true)
      expect(read(path.join(folder, 'schema.prisma'))).toBe(
        read(SCHEMAS[provider])
      )
      expect(
        read(path.join(MIGRATIONS[provider], 'migration_lock.toml'))
      ).toMatch(`provider = "${provider}"`)
    }
  )
})
