import { db } from 'src/lib/db'

import {
  RECOVERY_CODE_COUNT,
  replaceRecoveryCodes,
} from './factors/recoveryCodes/recoveryCodes'
import { factorsOf, savePendingNumber, saveTotp } from './factorStore'
import type { StandardScenario } from './factorStore.scenarios'

// Each change replaces what it changes: one pending number, one authenticator
// app, one set of recovery codes. On PostgreSQL, where transactions run side
// by side, parallel changes to one account must still leave exactly one.
const PARALLEL = 10

describe('changes to one account’s factors, made in parallel', () => {
  scenario(
    'leave one pending number, and the verified one untouched',
    async (scenario: StandardScenario) => {
      const { id } = scenario.user.ada
      const numbers = Array.from(
        { length: PARALLEL },
        (_, i) => `+1201555012${i}`
      )
      await Promise.all(numbers.map((number) => savePendingNumber(id, number)))

      const rows = await db.secondFactor.findMany({
        where: { userId: id, kind: 'SMS', verifiedAt: null },
      })
      expect(rows).toHaveLength(1)
      expect(numbers).toContain(rows[0].phoneNumber)
      expect((await factorsOf(id)).sms?.phoneNumber).toBe('+12015550199')
    }
  )

  scenario(
    'leave one authenticator app',
    async (scenario: StandardScenario) => {
      const { id } = scenario.user.ada
      await Promise.all(
        Array.from({ length: PARALLEL }, (_, i) =>
          saveTotp(id, { secret: `sealed-${i}`, secretKeyId: 'k1' }, i)
        )
      )

      expect(
        await db.secondFactor.count({ where: { userId: id, kind: 'TOTP' } })
      ).toBe(1)
    }
  )

  scenario(
    'leave one set of recovery codes',
    async (scenario: StandardScenario) => {
      const { id } = scenario.user.ada
      await Promise.all(
        Array.from({ length: PARALLEL }, () => replaceRecoveryCodes(id))
      )

      expect(await db.recoveryCode.count({ where: { userId: id } })).toBe(
        RECOVERY_CODE_COUNT
      )
    }
  )
})
