import fs from 'node:fs'
import path from 'node:path'

import { PREBUNDLED_DEPENDENCIES } from '../config/prebundledDependencies'

const SRC = __dirname

const sourceFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) {
      return sourceFiles(file)
    }
    // What the browser runs: not tests, stories or their mocks.
    return /\.(tsx?|jsx?)$/.test(entry.name) &&
      !/\.(test|stories|mock)\.[jt]sx?$/.test(entry.name)
      ? [file]
      : []
  })

/** Packages a file imports at run time (type-only imports vanish in the build). */
const runtimeImports = (source: string): string[] =>
  [...source.matchAll(/^import\s+(?!type\s)[^'"]*?from\s+'([^']+)'/gm)]
    .concat([...source.matchAll(/import\('([^']+)'\)/g)])
    .map((match) => match[1])
    .filter(
      (specifier) => !specifier.startsWith('.') && !/^src\//.test(specifier)
    )

describe('the dependencies Vite pre-bundles for the dev server', () => {
  it('include every package the app imports, so no first visit makes Vite bundle again and reload', () => {
    const imported = new Set(
      sourceFiles(SRC).flatMap((file) =>
        runtimeImports(fs.readFileSync(file, 'utf8'))
      )
    )
    expect(imported.size).toBeGreaterThan(5)
    const missing = [...imported].filter(
      (specifier) => !PREBUNDLED_DEPENDENCIES.includes(specifier)
    )
    expect(missing).toEqual([])
  })
})
