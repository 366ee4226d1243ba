import fs from 'node:fs'
import path from 'node:path'

/**
 * Why this exists: this app runs Prisma entirely on JavaScript and wasm
 * (`engineType = "client"` in the schema, `engine: 'js'` in prisma.config.ts),
 * yet the Prisma 6 CLI still fetches its native query and schema engines from
 * Prisma's download host when some commands start. On machines that can reach
 * only the npm registry that fetch fails and the command dies.
 *
 * Pointing PRISMA_QUERY_ENGINE_LIBRARY and PRISMA_SCHEMA_ENGINE_BINARY at an
 * existing placeholder file makes the CLI skip the fetch. Nothing ever executes
 * the placeholder: with the settings above Prisma has no use for native engines.
 * Values you set yourself are left alone, and on a machine with internet access
 * the behaviour is the same.
 */
export const preferJavaScriptEngines = (rootDir: string) => {
  const placeholder = path.join(
    rootDir,
    'node_modules/.cache/prisma-js-engines/no-native-engine'
  )
  if (!fs.existsSync(placeholder)) {
    fs.mkdirSync(path.dirname(placeholder), { recursive: true })
    fs.writeFileSync(
      placeholder,
      'Placeholder: this app runs Prisma without native engines.\n'
    )
  }
  process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= placeholder
  process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= placeholder
}
