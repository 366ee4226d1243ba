import userEvent from '@testing-library/user-event'

import { render, screen, waitFor } from '@redwoodjs/testing/web'

import PhoneNumberForm from './PhoneNumberForm'

describe('PhoneNumberForm', () => {
  it('formats the number as it is typed and submits it in E.164', async () => {
    const onSubmit = jest.fn()
    render(<PhoneNumberForm onSubmit={onSubmit} defaultCountry="US" />)

    const phone = screen.getByLabelText('Mobile number')
    await userEvent.type(phone, '2015550123')
    expect(phone).toHaveValue('(201) 555-0123')

    await userEvent.click(screen.getByRole('button', { name: 'Save number' }))
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith('+12015550123'))
  })

  it('reads the country from the number it is given', async () => {
    const onSubmit = jest.fn()
    render(<PhoneNumberForm onSubmit={onSubmit} defaultCountry="US" />)

    await userEvent.type(
      screen.getByLabelText('Mobile number'),
      '+447400123456'
    )
    expect(screen.getByLabelText('Country')).toHaveValue('GB')

    await userEvent.click(screen.getByRole('button', { name: 'Save number' }))
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith('+447400123456'))
  })

  it('uses the chosen country for a national number', async () => {
    const onSubmit = jest.fn()
    render(<PhoneNumberForm onSubmit={onSubmit} defaultCountry="US" />)

    await userEvent.selectOptions(screen.getByLabelText('Country'), 'FR')
    await userEvent.type(screen.getByLabelText('Mobile number'), '0612345678')
    await userEvent.click(screen.getByRole('button', { name: 'Save number' }))

    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith('+33612345678'))
  })

  it('refuses a number that cannot exist', async () => {
    const onSubmit = jest.fn()
    render(<PhoneNumberForm onSubmit={onSubmit} defaultCountry="US" />)

    await userEvent.type(screen.getByLabelText('Mobile number'), '12345')
    await userEvent.click(screen.getByRole('button', { name: 'Save number' }))

    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent(
        'That is not a valid number for United States.'
      )
    )
    expect(onSubmit).not.toHaveBeenCalled()
  })

  it('shows the API refusal in words', () => {
    render(
      <PhoneNumberForm
        onSubmit={jest.fn()}
        error={{
          graphQLErrors: [
            { extensions: { code: 'SMS_DESTINATION_NOT_ALLOWED' } },
          ],
        }}
      />
    )

    expect(screen.getByRole('alert')).toHaveTextContent(
      'We cannot send text messages to numbers in that country.'
    )
  })

  it('names the refused country once the number it sent comes back refused', async () => {
    const refused = {
      graphQLErrors: [{ extensions: { code: 'SMS_DESTINATION_NOT_ALLOWED' } }],
    }
    const { rerender } = render(
      <PhoneNumberForm onSubmit={jest.fn()} defaultCountry="US" />
    )
    await userEvent.selectOptions(screen.getByLabelText('Country'), 'BR')
    await userEvent.type(screen.getByLabelText('Mobile number'), '11961234567')
    await userEvent.click(screen.getByRole('button', { name: 'Save number' }))
    rerender(
      <PhoneNumberForm
        onSubmit={jest.fn()}
        defaultCountry="US"
        error={refused}
      />
    )

    expect(screen.getByRole('alert')).toHaveTextContent(
      'We cannot send text messages to numbers in Brazil. Use a mobile number from another country, or an authenticator app.'
    )
  })

  it('shows an example number of the chosen country in the field', async () => {
    render(<PhoneNumberForm onSubmit={jest.fn()} defaultCountry="US" />)
    const phone = screen.getByLabelText('Mobile number')
    expect(phone).toHaveAttribute('placeholder', 'e.g. (201) 555-0123')

    await userEvent.selectOptions(screen.getByLabelText('Country'), 'GB')
    expect(phone).toHaveAttribute('placeholder', 'e.g. 07400 123456')
  })
})
