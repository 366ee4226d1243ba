// Where the api's CPU goes: the V8 profile `node --cpu-prof` wrote for the
// server, its samples grouped by package for each operation's rounds.
import fs from 'node:fs'
import path from 'node:path'

/**
 * The package a function belongs to: its node_modules package, "app" for
 * the app's own build, "node:internal" for Node's and V8's own code, "wasm"
 * for WebAssembly (in this app, Prisma's query compiler); "(program)"
 * (native code outside JavaScript) and "(garbage collector)" as V8 names
 * them.
 */
const packageOf = ({ url, functionName }) => {
  if (!url) {
    return functionName.startsWith('(') ? functionName : 'node:internal'
  }
  if (url.startsWith('node:')) {
    return 'node:internal'
  }
  if (url.startsWith('wasm')) {
    return 'wasm'
  }
  const at = url.lastIndexOf('/node_modules/')
  if (at < 0) {
    return 'app'
  }
  const [scope, name] = url.slice(at + '/node_modules/'.length).split('/')
  return scope.startsWith('@') ? `${scope}/${name}` : scope
}

const functionOf = ({ url, functionName, lineNumber }) =>
  `${functionName || '(anonymous)'} ${url ? `${path.basename(url)}:${lineNumber + 1}` : ''}`.trim()

const ranked = (tally, total, count) =>
  [...tally]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, n]) => ({
      name,
      percent: Math.round((1000 * n) / total) / 10,
    }))

/**
 * `windows`: [{ op, from, to }] on process.hrtime's clock, which is the
 * monotonic clock V8 stamps its samples with. Samples outside every window
 * (start-up, logins, the pauses between rounds) and idle ones are left out,
 * so each operation's shares are of the CPU its own rounds used. A function
 * is named with the package that called into its own ("via"), which says
 * whose work a socket write or a parser is.
 */
export const summarizeProfile = (dir, windows) => {
  const file = fs.readdirSync(dir).find((name) => name.endsWith('.cpuprofile'))
  const { nodes, samples, timeDeltas, startTime } = JSON.parse(
    fs.readFileSync(path.join(dir, file), 'utf8')
  )
  const byId = new Map(nodes.map((node) => [node.id, node]))
  for (const node of nodes) {
    for (const child of node.children ?? []) {
      byId.get(child).parent = node
    }
  }
  const caller = (node) => {
    const own = packageOf(node.callFrame)
    let up = node.parent
    while (up?.parent && packageOf(up.callFrame) === own) {
      up = up.parent
    }
    return up?.parent ? ` via ${packageOf(up.callFrame)}` : ''
  }
  const byOp = new Map()
  let at = startTime // microseconds
  samples.forEach((id, i) => {
    at += timeDeltas[i]
    const node = byId.get(id)
    const window = windows.find(
      (w) => at >= Number(w.from / 1000n) && at < Number(w.to / 1000n)
    )
    if (!window || node.callFrame.functionName === '(idle)') {
      return
    }
    const tally = byOp.get(window.op) ?? {
      samples: 0,
      packages: new Map(),
      functions: new Map(),
    }
    byOp.set(window.op, tally)
    tally.samples += 1
    const pkg = packageOf(node.callFrame)
    const fn = `${functionOf(node.callFrame)} [${pkg}${caller(node)}]`
    tally.packages.set(pkg, (tally.packages.get(pkg) ?? 0) + 1)
    tally.functions.set(fn, (tally.functions.get(fn) ?? 0) + 1)
  })
  return [...byOp].map(([op, tally]) => ({
    op,
    samples: tally.samples,
    packages: ranked(tally.packages, tally.samples, 10),
    functions: ranked(tally.functions, tally.samples, 6),
  }))
}
