import type { CellFailureProps, CellSuccessProps } from '@redwoodjs/web'

import SecuritySettings from 'src/components/SecuritySettings/SecuritySettings'
import Alert from 'src/components/ui/Alert'
import { describeTwoFactorError } from 'src/lib/twoFactorErrors'
import type { TwoFactorStatus } from 'src/lib/twoFactorGraphql'

export interface SecuritySettingsData {
  twoFactorStatus: TwoFactorStatus | null
  me: { id: number; email: string } | null
}

export const QUERY = gql`
  query SecuritySettingsQuery {
    twoFactorStatus {
      enabled
      verified
      phoneNumberHint
      pendingPhoneNumberHint
      methods
      preferredMethod
      recoveryCodesRemaining
      resendAvailableInSeconds
      codeExpiresInSeconds
      freshUntil
    }
    me {
      id
      email
    }
  }
`

// Factor changes depend on freshUntil, which moves with every verify: always
// ask the server rather than trust the cache.
export const beforeQuery = () => ({ fetchPolicy: 'network-only' as const })

export const isEmpty = (data: SecuritySettingsData) =>
  !data?.twoFactorStatus || !data?.me

export const Loading = () => (
  <p role="status" className="text-slate-700">
    Loading your security settings…
  </p>
)

export const Empty = () => (
  <p role="status">
    Your security settings are not available right now. Please reload the page.
  </p>
)

export const Failure = ({ error }: CellFailureProps) => (
  <Alert tone="error">{describeTwoFactorError(error).message}</Alert>
)

export const Success = ({
  twoFactorStatus,
  me,
  queryResult,
}: CellSuccessProps<SecuritySettingsData>) => {
  if (!twoFactorStatus || !me) {
    return <Empty />
  }
  return (
    <SecuritySettings
      email={me.email}
      status={twoFactorStatus}
      refresh={async () => queryResult?.refetch?.()}
    />
  )
}
