import crypto from 'node:crypto'

import {
  hashPassword as dbAuthHashPassword,
  legacyHashPassword,
} from '@redwoodjs/auth-dbauth-api'

import { resetConfig } from './config'
import { checkPassword, hashPassword } from './passwordHashing'

/** The longest the event loop went without running a timer during `work`. */
const longestStall = async (work: () => Promise<unknown> | unknown) => {
  let last = performance.now()
  let longest = 0
  const timer = setInterval(() => {
    const now = performance.now()
    longest = Math.max(longest, now - last)
    last = now
  }, 1)
  try {
    await new Promise((resolve) => setTimeout(resolve, 5))
    last = performance.now()
    await work()
    await new Promise((resolve) => setTimeout(resolve, 5))
  } finally {
    clearInterval(timer)
  }
  return longest
}

describe('password hashing', () => {
  it('gives exactly the hashes dbAuth gives, and checks them', async () => {
    const salt = crypto.randomBytes(32).toString('hex')
    const ours = await hashPassword('correct horse battery staple', salt)
    expect(ours).toBe(
      dbAuthHashPassword('correct horse battery staple', { salt })[0]
    )
    const cheaper = { cost: 2 ** 10, blockSize: 8, parallelization: 1 }
    expect(await hashPassword('é composed', salt, cheaper)).toBe(
      dbAuthHashPassword('é composed', { salt, options: cheaper })[0]
    )

    expect(
      await checkPassword('correct horse battery staple', ours, salt)
    ).toEqual({
      matches: true,
    })
    expect(
      await checkPassword('wrong horse battery staple', ours, salt)
    ).toEqual({
      matches: false,
    })
  })

  it('checks dbAuth’s legacy hashes and offers their upgrade', async () => {
    const [legacy, salt] = legacyHashPassword('correct horse battery staple')
    expect(
      await checkPassword('correct horse battery staple', legacy, salt)
    ).toEqual({
      matches: true,
      upgradedHash: dbAuthHashPassword('correct horse battery staple', {
        salt,
      })[0],
    })
    expect(await checkPassword('nope', legacy, salt)).toEqual({
      matches: false,
    })
  })

  it('keeps the event loop turning while it hashes, where dbAuth’s stops it', async () => {
    const salt = crypto.randomBytes(32).toString('hex')
    const passwords = ['one password', 'two password', 'three password']
    const blocking = await longestStall(() => {
      for (const password of passwords) {
        dbAuthHashPassword(password, { salt })
      }
    })
    const offLoop = await longestStall(() =>
      Promise.all(passwords.map((password) => hashPassword(password, salt)))
    )
    expect(offLoop).toBeLessThan(blocking / 3)
  })

  it('runs at most PASSWORD_HASH_CONCURRENCY hashes at once', async () => {
    process.env.PASSWORD_HASH_CONCURRENCY = '2'
    resetConfig()
    const realScrypt = crypto.scrypt
    let running = 0
    let most = 0
    const spy = jest.spyOn(crypto, 'scrypt').mockImplementation(((
      ...args: unknown[]
    ) => {
      running += 1
      most = Math.max(most, running)
      const done = args.pop() as (error: Error | null, key: Buffer) => void
      ;(realScrypt as (...a: unknown[]) => void)(
        ...args,
        (error: Error | null, key: Buffer) => {
          running -= 1
          done(error, key)
        }
      )
    }) as typeof crypto.scrypt)
    try {
      const salt = crypto.randomBytes(32).toString('hex')
      const cheaper = { cost: 2 ** 12, blockSize: 8, parallelization: 1 }
      await Promise.all(
        Array.from({ length: 7 }, (_, i) =>
          hashPassword(`p${i}`, salt, cheaper)
        )
      )
      expect(spy).toHaveBeenCalledTimes(7)
      expect(most).toBe(2)
    } finally {
      spy.mockRestore()
      delete process.env.PASSWORD_HASH_CONCURRENCY
      resetConfig()
    }
  })
})
