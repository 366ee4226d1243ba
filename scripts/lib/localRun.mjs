/* eslint-env node, es2022 */
// What the browser test and the benchmark share: each runs the built app on
// ports and a SQLite file of its own, beside whatever a developer is running.
import fs from 'node:fs'
import net from 'node:net'

/** Whether nothing is listening on 127.0.0.1:port. */
export const isPortFree = (port) =>
  new Promise((resolve) => {
    const server = net.createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })

/** Deletes a SQLite database and the journal files SQLite keeps beside it. */
export const removeSqliteDatabase = (file) => {
  for (const suffix of ['', '-journal', '-wal', '-shm']) {
    fs.rmSync(`${file}${suffix}`, { force: true })
  }
}
