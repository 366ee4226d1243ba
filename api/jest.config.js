// More info at https://redwoodjs.com/docs/project-configuration-dev-test-build

module.exports = async () => {
  // Redwood's test set-up reads the schema (table names, and a check of
  // DATABASE_URL against its provider) from api/db/schema.prisma, the SQLite
  // one; on PostgreSQL it must read PostgreSQL's copy.
  const { databases, providerOf } = await import('../scripts/lib/databases.mjs')
  const { schema } = databases[providerOf(process.env.DATABASE_URL)]

  return {
    rootDir: '../',
    preset: '@redwoodjs/testing/config/jest/api',
    globals: { __RWJS__TEST_IMPORTS: { dbSchemaPath: schema } },
    // otplib's base32 and hash plugins (@scure/base, @noble/hashes) ship only
    // as ES modules. Node 20 loads them at run time, Jest needs them compiled.
    transformIgnorePatterns: ['/node_modules/(?!(@scure|@noble)/)'],
  }
}
