import userEvent from '@testing-library/user-event'

import { render, screen, waitFor } from '@redwoodjs/testing/web'

import SecondFactorPrompt, { firstMethod } from './SecondFactorPrompt'

describe('SecondFactorPrompt', () => {
  it.each([
    [['SMS', 'TOTP', 'RECOVERY_CODE'], 'TOTP', 'TOTP'],
    [['SMS', 'TOTP', 'RECOVERY_CODE'], 'SMS', 'SMS'],
    [['SMS', 'RECOVERY_CODE'], 'TOTP', 'SMS'],
    [['RECOVERY_CODE', 'TOTP'], null, 'TOTP'],
    [['RECOVERY_CODE', 'TOTP'], 'RECOVERY_CODE', 'TOTP'],
    [['RECOVERY_CODE'], null, 'RECOVERY_CODE'],
    [[], null, 'SMS'],
  ] as const)(
    'with %p and %p preferred, starts with %p',
    (methods, preferred, expected) => {
      expect(firstMethod([...methods], preferred)).toBe(expected)
    }
  )

  it('names the number a text goes to and reports which method verified', async () => {
    const onVerified = jest.fn()
    mockGraphQLMutation('RequestOtpMutation', () => ({
      requestOtp: { success: true, message: null, retryAfterSeconds: 30 },
    }))
    mockGraphQLMutation('VerifyOtpMutation', () => ({
      verifyOtp: { success: true, message: null },
    }))
    render(
      <SecondFactorPrompt
        methods={['TOTP', 'SMS']}
        preferredMethod="TOTP"
        phoneNumberHint="+44*******0123"
        onVerified={onVerified}
      />
    )

    await userEvent.click(
      screen.getByRole('button', { name: 'Try another way' })
    )
    await userEvent.click(
      screen.getByRole('button', {
        name: 'Text a code to +44\u00a0•••\u00a0••••\u00a00123',
      })
    )
    expect(
      await screen.findByText('We texted a 6-digit code to +44 ••• •••• 0123.')
    ).toBeInTheDocument()
    await userEvent.type(screen.getByLabelText('Verification code'), '123456')

    await waitFor(() => expect(onVerified).toHaveBeenCalledWith('SMS'))
  })

  it('leaves the cursor alone on arrival when asked to', () => {
    render(
      <SecondFactorPrompt
        methods={['TOTP']}
        preferredMethod="TOTP"
        phoneNumberHint={null}
        onVerified={jest.fn()}
        focusOnMount={false}
      />
    )

    expect(screen.getByLabelText('Authentication code')).not.toHaveFocus()
  })
})
