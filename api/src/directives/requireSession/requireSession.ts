import gql from 'graphql-tag'

import { createValidatorDirective } from '@redwoodjs/graphql-server'

import { requireSession as applicationRequireSession } from 'src/lib/auth'

export const schema = gql`
  """
  A live session that may still owe its second factor. Only the operations
  that complete the second factor carry it.
  """
  directive @requireSession on FIELD_DEFINITION
`

const requireSession = createValidatorDirective(schema, () => {
  applicationRequireSession()
})

export default requireSession
