import userEvent from '@testing-library/user-event'

import { render, screen, waitFor } from '@redwoodjs/testing/web'

import RecoveryCodeForm, {
  RECOVERY_CODE_FORMAT_MESSAGE,
} from './RecoveryCodeForm'

const field = () => screen.getByLabelText('Recovery code')

describe('RecoveryCodeForm', () => {
  it('hands over the code in one form however it was typed', async () => {
    const onSubmit = jest.fn()
    render(<RecoveryCodeForm onSubmit={onSubmit} />)

    expect(field()).toHaveFocus()
    await userEvent.type(field(), ' Q3R4S-5T6V7 {Enter}')

    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith('q3r4s5t6v7'))
  })

  it('says what a code looks like when the input cannot be one', async () => {
    const onSubmit = jest.fn()
    render(<RecoveryCodeForm onSubmit={onSubmit} />)

    await userEvent.type(field(), 'abcde-fgh{Enter}')

    expect(await screen.findByRole('alert')).toHaveTextContent(
      RECOVERY_CODE_FORMAT_MESSAGE
    )
    expect(field()).toHaveAttribute('aria-invalid', 'true')
    expect(onSubmit).not.toHaveBeenCalled()
  })

  it('asks for a code when there is none', async () => {
    const onSubmit = jest.fn()
    render(<RecoveryCodeForm onSubmit={onSubmit} />)

    await userEvent.click(screen.getByRole('button', { name: 'Verify' }))

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Enter a recovery code.'
    )
    expect(onSubmit).not.toHaveBeenCalled()
  })

  it('shows the server refusal in words, tied to the field, with the code selected', () => {
    render(
      <RecoveryCodeForm
        onSubmit={jest.fn()}
        error={{
          graphQLErrors: [{ extensions: { code: 'RECOVERY_CODE_INVALID' } }],
        }}
      />
    )

    expect(field()).toHaveAccessibleDescription(
      expect.stringContaining(
        'That recovery code is not valid or was already used.'
      )
    )
    expect(field()).toHaveAttribute('aria-invalid', 'true')
    expect(field()).toHaveFocus()
  })

  it('cannot be sent twice while a code is being checked', async () => {
    const onSubmit = jest.fn()
    render(<RecoveryCodeForm onSubmit={onSubmit} verifying />)

    expect(screen.getByRole('button', { name: 'Checking…' })).toBeDisabled()
    expect(field()).toHaveAttribute('readonly')
  })
})
