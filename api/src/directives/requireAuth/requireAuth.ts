import gql from 'graphql-tag'

import type { ValidatorDirectiveFunc } from '@redwoodjs/graphql-server'
import { createValidatorDirective } from '@redwoodjs/graphql-server'

import { requireAuth as applicationRequireAuth } from 'src/lib/auth'

export const schema = gql`
  """
  Full access: a live session that has completed its second factor when the
  account has 2FA on. A session still owing the second factor is refused with
  SECOND_FACTOR_REQUIRED.
  """
  directive @requireAuth(roles: [String]) on FIELD_DEFINITION
`

type RequireAuthValidate = ValidatorDirectiveFunc<{ roles?: string[] }>

const validate: RequireAuthValidate = () => {
  applicationRequireAuth()
}

const requireAuth = createValidatorDirective(schema, validate)

export default requireAuth
