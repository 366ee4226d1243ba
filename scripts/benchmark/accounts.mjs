// Bench accounts: seeded straight into the bench database with 2FA on, then
// signed in through the real /auth function so every session is one the app
// created itself.
import { PrismaLibSQL } from '@prisma/adapter-libsql'
import prismaClientPackage from '@prisma/client'
import { parsePhoneNumberFromString } from 'libphonenumber-js/max'

import dbAuth from '@redwoodjs/auth-dbauth-api'

import { BENCH_PASSWORD } from './settings.mjs'

const { PrismaClient } = prismaClientPackage

/**
 * Distinct US numbers that reach no one: 555-0100 to 555-0199 is reserved
 * for fiction in every North American area code. Each is checked with the
 * same metadata the app validates with (numbers are unique per account).
 */
export const fictionalUsNumbers = (count) => {
  const numbers = []
  for (let areaCode = 201; areaCode <= 989; areaCode++) {
    for (let line = 100; line <= 199; line++) {
      if (numbers.length === count) {
        return numbers
      }
      const parsed = parsePhoneNumberFromString(`+1${areaCode}5550${line}`)
      if (!parsed?.isValid() || parsed.country !== 'US') {
        break // the area code is not in use (or not a US one): try the next
      }
      numbers.push(parsed.number)
    }
  }
  if (numbers.length < count) {
    throw new Error(`Only ${numbers.length} fictional numbers, ${count} needed`)
  }
  return numbers
}

/**
 * dbAuth's own hash of the bench password, computed once and shared by every
 * bench account: bench set-up only, so seeding N accounts does not cost N
 * scrypt runs. Logins still verify it the normal way, with the default cost.
 */
export const sharedPasswordHash = () => {
  const [hashedPassword, salt] = dbAuth.hashPassword(BENCH_PASSWORD)
  return { hashedPassword, salt }
}

/** Inserts `count` 2FA accounts and returns them as { id, email, phoneNumber }. */
export const seedUsers = async (
  databaseFile,
  count,
  { hashedPassword, salt }
) => {
  const db = new PrismaClient({
    adapter: new PrismaLibSQL({ url: `file:${databaseFile}` }),
  })
  try {
    const phoneNumbers = fictionalUsNumbers(count)
    const rows = phoneNumbers.map((_, index) => ({
      email: `bench-${String(index).padStart(5, '0')}@example.com`,
      hashedPassword,
      salt,
    }))
    for (let start = 0; start < rows.length; start += 500) {
      await db.user.createMany({ data: rows.slice(start, start + 500) })
    }
    const users = await db.user.findMany({
      select: { id: true, email: true },
      orderBy: { id: 'asc' },
    })
    // Each account's number is its verified SMS factor: 2FA is on.
    const factors = users.map((user, index) => ({
      userId: user.id,
      kind: 'SMS',
      phoneNumber: phoneNumbers[index],
      verifiedAt: new Date(),
    }))
    for (let start = 0; start < factors.length; start += 500) {
      await db.secondFactor.createMany({
        data: factors.slice(start, start + 500),
      })
    }
    return users.map((user, index) => ({
      ...user,
      phoneNumber: phoneNumbers[index],
    }))
  } finally {
    await db.$disconnect()
  }
}
