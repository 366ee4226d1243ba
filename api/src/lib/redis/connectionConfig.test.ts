import { redisConnectionConfig } from './connectionConfig'

describe('choosing a Redis', () => {
  it('takes one server, a Cluster or Sentinel, and none at all', () => {
    expect(redisConnectionConfig({})).toBeUndefined()
    expect(
      redisConnectionConfig({ REDIS_URL: 'redis://10.0.0.1:6379/2' })
    ).toEqual({
      mode: 'single',
      url: 'redis://10.0.0.1:6379/2',
      replicaAcks: 0,
    })
    expect(
      redisConnectionConfig({
        REDIS_CLUSTER_NODES:
          ' 10.0.0.1:7000, redis-2.internal:7001 ,[::1]:7002',
      })
    ).toEqual({
      mode: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: 'redis-2.internal', port: 7001 },
        { host: '::1', port: 7002 },
      ],
      replicaAcks: 0,
    })
    expect(
      redisConnectionConfig({
        REDIS_SENTINELS: '10.0.0.1:26379,10.0.0.2:26379',
        REDIS_SENTINEL_NAME: 'mymaster',
      })
    ).toEqual({
      mode: 'sentinel',
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: '10.0.0.2', port: 26379 },
      ],
      name: 'mymaster',
      // A failover must not bring back a used code: wait for one replica.
      replicaAcks: 1,
    })
    expect(
      redisConnectionConfig({
        REDIS_SENTINELS: '10.0.0.1:26379',
        REDIS_SENTINEL_NAME: 'mymaster',
        REDIS_REPLICA_ACKS: '0',
      })
    ).toMatchObject({ replicaAcks: 0 })
  })

  it.each([
    [
      { REDIS_URL: 'redis://a', REDIS_CLUSTER_NODES: 'b:7000' },
      'Set only one of REDIS_URL, REDIS_CLUSTER_NODES and REDIS_SENTINELS (got REDIS_URL and REDIS_CLUSTER_NODES)',
    ],
    [
      { REDIS_CLUSTER_NODES: 'b:7000', REDIS_SENTINELS: 'c:26379' },
      'Set only one of',
    ],
    [
      { REDIS_CLUSTER_NODES: '10.0.0.1' },
      'REDIS_CLUSTER_NODES must list host:port entries, comma-separated (e.g. 10.0.0.1:6379,10.0.0.2:6379); "10.0.0.1" is not one',
    ],
    [{ REDIS_CLUSTER_NODES: 'a:7000,b:99999' }, '"b:99999" is not one'],
    [{ REDIS_CLUSTER_NODES: 'redis://a:7000' }, '"redis://a:7000" is not one'],
    [{ REDIS_CLUSTER_NODES: ' , ' }, 'REDIS_CLUSTER_NODES must list'],
    [
      { REDIS_SENTINELS: 'a:26379' },
      'REDIS_SENTINELS needs REDIS_SENTINEL_NAME',
    ],
    [
      { REDIS_SENTINELS: 'a', REDIS_SENTINEL_NAME: 'm' },
      'REDIS_SENTINELS must list host:port entries',
    ],
    [
      { REDIS_SENTINEL_NAME: 'mymaster' },
      'REDIS_SENTINEL_NAME is set without REDIS_SENTINELS',
    ],
    [
      { REDIS_URL: 'redis://a', REDIS_REPLICA_ACKS: 'two' },
      'REDIS_REPLICA_ACKS must be a whole number from 0 to 16 (got "two")',
    ],
  ])('refuses %p with a message naming the variable', (env, message) => {
    expect(() => redisConnectionConfig(env)).toThrow(message)
  })
})
