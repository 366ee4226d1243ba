import { execFile } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { promisify } from 'node:util'

import Redis from 'ioredis'

import { ownRedisServer, waitFor } from './redisServer'

/**
 * Redis Cluster and Sentinel set-ups of a test's own, made of real
 * redis-server processes on loopback ports.
 */

const run = promisify(execFile)

const isFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = net.createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })

/**
 * `count` free ports from `base` upward. A cluster node also listens on its
 * port + 10000 (the cluster bus), so `withBus` checks that one too.
 */
export const freePortsFrom = async (
  base: number,
  count: number,
  { withBus = false } = {}
) => {
  const ports: number[] = []
  for (let port = base; ports.length < count; port++) {
    if (port > 65535 - (withBus ? 10000 : 0)) {
      throw new Error(`no ${count} free ports from ${base}`)
    }
    if ((await isFree(port)) && (!withBus || (await isFree(port + 10000)))) {
      ports.push(port)
    }
  }
  return ports
}

/** One command to one server, on a connection of its own. */
export const askServer = async (port: number, ...command: string[]) => {
  const client = new Redis(port, '127.0.0.1', {
    lazyConnect: true,
    connectTimeout: 1_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  })
  client.on('error', () => {})
  try {
    await client.connect()
    return await client.call(command[0], ...command.slice(1))
  } finally {
    client.disconnect()
  }
}

/**
 * A Redis Cluster of `ports.length` masters and no replicas, as
 * `redis-cli --cluster create` makes one. `extraArgs(port)` adds options to
 * one node's redis-server (e.g. a maxmemory-policy).
 */
export const ownRedisCluster = (
  ports: number[],
  dir: string,
  extraArgs: (port: number) => string[] = () => []
) => {
  const servers = ports.map((port) =>
    ownRedisServer(port, dir, [
      '--appendonly',
      'no',
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      `nodes-${port}.conf`,
      '--cluster-node-timeout',
      '2000',
      ...extraArgs(port),
    ])
  )
  const nodes = ports.map((port) => ({ host: '127.0.0.1', port }))
  return {
    nodes,
    /** REDIS_CLUSTER_NODES for these nodes. */
    nodeList: ports.map((port) => `127.0.0.1:${port}`).join(','),
    async start() {
      await Promise.all(servers.map((server) => server.start()))
      await run('redis-cli', [
        '--cluster',
        'create',
        ...ports.map((port) => `127.0.0.1:${port}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ])
      for (const port of ports) {
        await waitFor(
          `cluster_state:ok on ${port}`,
          async () =>
            String(await askServer(port, 'CLUSTER', 'INFO')).includes(
              'cluster_state:ok'
            ),
          15_000
        )
      }
    },
    async stop() {
      await Promise.all(servers.map((server) => server.stop()))
    },
    /** Stops one node; started again, it rejoins with its nodes file. */
    stopNode: (port: number) => servers[ports.indexOf(port)].stop(),
    async startNode(port: number) {
      await servers[ports.indexOf(port)].start()
      for (const each of ports) {
        await waitFor(
          `cluster_state:ok on ${each}`,
          async () =>
            String(await askServer(each, 'CLUSTER', 'INFO')).includes(
              'cluster_state:ok'
            ),
          15_000
        )
      }
    },
  }
}

/**
 * A master, one replica and three sentinels watching it as `name`. Sentinels
 * rewrite their config file, so each gets one of its own in `dir`.
 */
export const ownSentinelSetup = (
  { masterPort, replicaPort }: { masterPort: number; replicaPort: number },
  sentinelPorts: number[],
  dir: string,
  name = 'mymaster'
) => {
  const noDisk = ['--appendonly', 'no']
  const master = ownRedisServer(masterPort, dir, noDisk)
  const replica = ownRedisServer(replicaPort, dir, [
    ...noDisk,
    '--replicaof',
    '127.0.0.1',
    String(masterPort),
  ])
  const sentinels = sentinelPorts.map((port) => {
    const file = path.join(dir, `sentinel-${port}.conf`)
    return {
      port,
      server: ownRedisServer(port, dir, ['--sentinel'], file),
      file,
    }
  })
  const askSentinel = (...command: string[]) =>
    askServer(sentinelPorts[0], 'SENTINEL', ...command)
  return {
    name,
    sentinelList: sentinelPorts.map((port) => `127.0.0.1:${port}`).join(','),
    /** The port the sentinels give for the master now. */
    async masterPort() {
      const [, port] = (await askSentinel(
        'get-master-addr-by-name',
        name
      )) as string[]
      return Number(port)
    },
    askSentinel,
    async start() {
      await master.start()
      await replica.start()
      await waitFor(
        'the replica to sync',
        async () =>
          String(await askServer(replicaPort, 'INFO', 'replication')).includes(
            'master_link_status:up'
          ),
        15_000
      )
      for (const { port, file } of sentinels) {
        fs.writeFileSync(
          file,
          [
            `sentinel monitor ${name} 127.0.0.1 ${masterPort} 2`,
            `sentinel down-after-milliseconds ${name} 1000`,
            `sentinel failover-timeout ${name} 5000`,
            `sentinel parallel-syncs ${name} 1`,
            `port ${port}`,
            '',
          ].join('\n')
        )
      }
      await Promise.all(sentinels.map(({ server }) => server.start()))
      // Every sentinel has found the replica and the other sentinels.
      for (const { port } of sentinels) {
        await waitFor(
          `sentinel ${port} to see the replica and its peers`,
          async () => {
            const [replicas, peers] = await Promise.all([
              askServer(port, 'SENTINEL', 'REPLICAS', name),
              askServer(port, 'SENTINEL', 'SENTINELS', name),
            ])
            return (
              (replicas as unknown[]).length === 1 &&
              (peers as unknown[]).length === sentinels.length - 1
            )
          },
          20_000
        )
      }
    },
    async stop() {
      await Promise.all([
        ...sentinels.map(({ server }) => server.stop()),
        master.stop(),
        replica.stop(),
      ])
    },
  }
}
