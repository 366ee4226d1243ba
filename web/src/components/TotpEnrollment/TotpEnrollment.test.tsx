import userEvent from '@testing-library/user-event'

import { render, screen, waitFor } from '@redwoodjs/testing/web'

import TotpEnrollment, { groupKey } from './TotpEnrollment'
import { SECRET, startTotpEnrollmentResult } from './TotpEnrollment.mock'

const refusal =
  (code: string) =>
  (_vars: unknown, { ctx }) => {
    ctx.errors([{ message: 'no', extensions: { code } }])
    return undefined
  }

const confirmed = () => ({
  confirmTotpEnrollment: {
    __typename: 'MutationResult',
    success: true,
    message: null,
    recoveryCodes: null,
  },
})

const renderEnrollment = (props = {}) => {
  const handlers = {
    onConfirmed: jest.fn(),
    onCancel: jest.fn(),
    onFreshFactorRequired: jest.fn(),
    ...props,
  }
  render(<TotpEnrollment {...handlers} />)
  return handlers
}

describe('TotpEnrollment', () => {
  it('shows the QR code as an image, never as markup in the page', async () => {
    mockGraphQLMutation('StartTotpEnrollmentMutation', () =>
      startTotpEnrollmentResult()
    )
    renderEnrollment()

    const qr = await screen.findByRole('img', { name: /QR code/ })
    expect(qr).toHaveAttribute(
      'src',
      expect.stringMatching(/^data:image\/svg\+xml;/)
    )
    expect(decodeURIComponent(qr.getAttribute('src') ?? '')).toContain(
      '<path d="M1 1h7v7H1z'
    )
    // The SVG is only ever an image source: no element of it is in the DOM.
    expect(document.querySelector('svg')).toBeNull()
    expect(
      (window as unknown as Record<string, unknown>).__svgScriptRan
    ).toBeUndefined()
  })

  it('shows the setup key in readable groups and copies it whole', async () => {
    mockGraphQLMutation('StartTotpEnrollmentMutation', () =>
      startTotpEnrollmentResult()
    )
    const writeText = jest.fn(async () => undefined)
    Object.assign(navigator, { clipboard: { writeText } })
    renderEnrollment()

    const key = await screen.findByLabelText('Setup key')
    expect(key).toHaveValue('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP')
    expect(key).toHaveAttribute('readonly')

    await userEvent.click(screen.getByRole('button', { name: 'Copy key' }))
    expect(writeText).toHaveBeenCalledWith(SECRET)
  })

  it('turns the app on with its first code', async () => {
    mockGraphQLMutation('StartTotpEnrollmentMutation', () =>
      startTotpEnrollmentResult()
    )
    const confirm = jest.fn(confirmed)
    mockGraphQLMutation('ConfirmTotpEnrollmentMutation', confirm)
    const { onConfirmed } = renderEnrollment()

    await userEvent.type(
      await screen.findByLabelText('Code from the app'),
      '123456'
    )

    await waitFor(() => expect(onConfirmed).toHaveBeenCalledTimes(1))
    expect(confirm).toHaveBeenCalledWith({ code: '123456' }, expect.anything())
  })

  it('keeps the QR code up after a wrong code and says to check the app', async () => {
    mockGraphQLMutation('StartTotpEnrollmentMutation', () =>
      startTotpEnrollmentResult()
    )
    mockGraphQLMutation('ConfirmTotpEnrollmentMutation', refusal('OTP_INVALID'))
    const { onConfirmed } = renderEnrollment()

    await userEvent.type(
      await screen.findByLabelText('Code from the app'),
      '000000'
    )

    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent(
        'Check your authenticator app'
      )
    )
    expect(screen.getByRole('img', { name: /QR code/ })).toBeInTheDocument()
    expect(onConfirmed).not.toHaveBeenCalled()
  })

  it('says plainly when the set-up expired and starts a new one', async () => {
    let starts = 0
    mockGraphQLMutation('StartTotpEnrollmentMutation', () => {
      starts += 1
      return startTotpEnrollmentResult(
        starts === 1 ? SECRET : 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
      )
    })
    mockGraphQLMutation(
      'ConfirmTotpEnrollmentMutation',
      refusal('TOTP_ENROLLMENT_EXPIRED')
    )
    renderEnrollment()

    await userEvent.type(
      await screen.findByLabelText('Code from the app'),
      '123456'
    )

    expect(
      await screen.findByText(
        'This set-up has expired. Start again to get a new QR code.'
      )
    ).toHaveAttribute('role', 'alert')
    expect(
      screen.queryByRole('img', { name: /QR code/ })
    ).not.toBeInTheDocument()
    const again = screen.getByRole('button', { name: 'Start again' })
    expect(again).toHaveFocus()

    await userEvent.click(again)

    expect(await screen.findByLabelText('Setup key')).toHaveValue(
      groupKey('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')
    )
    expect(starts).toBe(2)
  })

  it.each([
    ['starting', 'StartTotpEnrollmentMutation'],
    ['confirming', 'ConfirmTotpEnrollmentMutation'],
  ])(
    'hands over when the server wants a fresh second factor before %s',
    async (_, operation) => {
      mockGraphQLMutation('StartTotpEnrollmentMutation', () =>
        startTotpEnrollmentResult()
      )
      mockGraphQLMutation(operation, refusal('FRESH_SECOND_FACTOR_REQUIRED'))
      const { onFreshFactorRequired, onConfirmed } = renderEnrollment()

      if (operation === 'ConfirmTotpEnrollmentMutation') {
        await userEvent.type(
          await screen.findByLabelText('Code from the app'),
          '123456'
        )
      }

      await waitFor(() => expect(onFreshFactorRequired).toHaveBeenCalled())
      expect(onConfirmed).not.toHaveBeenCalled()
    }
  )

  it('moves focus to its heading when it opens', async () => {
    mockGraphQLMutation('StartTotpEnrollmentMutation', () =>
      startTotpEnrollmentResult()
    )
    renderEnrollment()

    expect(
      screen.getByRole('heading', { name: 'Add an authenticator app' })
    ).toHaveFocus()
    await screen.findByLabelText('Setup key')
  })
})
