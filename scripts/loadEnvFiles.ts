import fs from 'node:fs'
import path from 'node:path'

/**
 * Loads `.env` then `.env.defaults` without overriding variables that are
 * already set: the same precedence Redwood's CLI applies.
 */
export const loadEnvFiles = (rootDir: string) => {
  for (const name of ['.env', '.env.defaults']) {
    const file = path.join(rootDir, name)
    if (fs.existsSync(file)) {
      process.loadEnvFile(file)
    }
  }
}
