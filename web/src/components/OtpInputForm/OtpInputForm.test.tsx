import userEvent from '@testing-library/user-event'

import { act, fireEvent, render, screen } from '@redwoodjs/testing/web'

import OtpInputForm, {
  BAD_PASTE_MESSAGE,
  INCOMPLETE_CODE_MESSAGE,
} from './OtpInputForm'

const graphQLError = (code: string, extra: Record<string, unknown> = {}) => ({
  graphQLErrors: [{ message: 'x', extensions: { code, ...extra } }],
})

const codeField = () => screen.getByLabelText('Verification code')

describe('OtpInputForm', () => {
  it('is a labelled one-time-code field with a numeric keyboard', () => {
    render(<OtpInputForm onSubmit={jest.fn()} />)

    const input = codeField()
    expect(input).toHaveAttribute('autocomplete', 'one-time-code')
    expect(input).toHaveAttribute('inputmode', 'numeric')
    expect(input).toHaveFocus()
  })

  describe('code validation', () => {
    it('refuses to submit fewer than six digits and says why', async () => {
      const onSubmit = jest.fn()
      render(<OtpInputForm onSubmit={onSubmit} />)

      await userEvent.type(codeField(), '1234{Enter}')

      expect(onSubmit).not.toHaveBeenCalled()
      expect(screen.getByRole('alert')).toHaveTextContent(
        INCOMPLETE_CODE_MESSAGE
      )
      expect(codeField()).toHaveAttribute('aria-invalid', 'true')
      expect(codeField()).toHaveFocus()
    })

    it('ignores letters and caps the field at six digits', async () => {
      render(<OtpInputForm onSubmit={jest.fn()} />)

      await userEvent.type(codeField(), '1a2b3c4d5e6f7')

      expect(codeField()).toHaveValue('123456')
    })
  })

  describe('paste', () => {
    it.each([
      ['spaces', '123 456'],
      ['a dash', '123-456'],
      ['surrounding whitespace', '  123456\n'],
      ['a unicode dash', '123\u2013456'],
    ])('normalises a code pasted with %s and submits it', async (_, text) => {
      const onSubmit = jest.fn()
      render(<OtpInputForm onSubmit={onSubmit} />)

      codeField().focus()
      await userEvent.paste(text)

      expect(codeField()).toHaveValue('123456')
      expect(onSubmit).toHaveBeenCalledTimes(1)
      expect(onSubmit).toHaveBeenCalledWith('123456')
    })

    it('rejects pasted text that is not a code', async () => {
      const onSubmit = jest.fn()
      render(<OtpInputForm onSubmit={onSubmit} />)

      codeField().focus()
      await userEvent.paste('your code is 123456')

      expect(onSubmit).not.toHaveBeenCalled()
      expect(codeField()).toHaveValue('')
      expect(screen.getByRole('alert')).toHaveTextContent(BAD_PASTE_MESSAGE)
    })
  })

  describe('auto-submit', () => {
    it('submits once when the sixth digit is typed', async () => {
      const onSubmit = jest.fn()
      render(<OtpInputForm onSubmit={onSubmit} />)

      await userEvent.type(codeField(), '12345')
      expect(onSubmit).not.toHaveBeenCalled()

      await userEvent.type(codeField(), '6')
      expect(onSubmit).toHaveBeenCalledTimes(1)
      expect(onSubmit).toHaveBeenCalledWith('123456')
    })

    it('submits again only after the code was edited', async () => {
      const onSubmit = jest.fn()
      render(<OtpInputForm onSubmit={onSubmit} />)

      await userEvent.type(codeField(), '123456')
      await userEvent.type(codeField(), '7')
      expect(onSubmit).toHaveBeenCalledTimes(1)

      await userEvent.type(codeField(), '{Backspace}0')
      expect(onSubmit).toHaveBeenCalledTimes(2)
      expect(onSubmit).toHaveBeenLastCalledWith('123450')
    })

    it('does not submit while a verification is in flight', async () => {
      const onSubmit = jest.fn()
      render(<OtpInputForm onSubmit={onSubmit} verifying />)

      fireEvent.change(codeField(), { target: { value: '123456' } })

      expect(onSubmit).not.toHaveBeenCalled()
      expect(screen.getByRole('button', { name: 'Checking…' })).toBeDisabled()
    })
  })

  describe('resend countdown', () => {
    beforeEach(() => jest.useFakeTimers())
    afterEach(() => jest.useRealTimers())

    it('counts down from the seconds the server gave and then enables resend', () => {
      const onResend = jest.fn()
      render(
        <OtpInputForm
          onSubmit={jest.fn()}
          onResend={onResend}
          resendAvailableInSeconds={3}
        />
      )

      expect(
        screen.getByRole('button', { name: 'Resend code in 0:03' })
      ).toBeDisabled()

      act(() => jest.advanceTimersByTime(1000))
      expect(
        screen.getByRole('button', { name: 'Resend code in 0:02' })
      ).toBeDisabled()

      act(() => jest.advanceTimersByTime(2000))
      const resend = screen.getByRole('button', { name: 'Resend code' })
      expect(resend).toBeEnabled()

      fireEvent.click(resend)
      expect(onResend).toHaveBeenCalledTimes(1)
    })

    it('tells a screen reader the wait politely, once a minute rather than every second', () => {
      render(
        <OtpInputForm
          onSubmit={jest.fn()}
          onResend={jest.fn()}
          resendAvailableInSeconds={90}
        />
      )
      const region = screen.getByText(
        'You can ask for a new code in 2 minutes.'
      )
      expect(region).toHaveAttribute('aria-live', 'polite')

      // The button counts each second; the region does not.
      act(() => jest.advanceTimersByTime(1000))
      expect(
        screen.getByRole('button', { name: 'Resend code in 1:29' })
      ).toBeDisabled()
      expect(region).toHaveTextContent(
        'You can ask for a new code in 2 minutes.'
      )

      act(() => jest.advanceTimersByTime(29_000))
      expect(region).toHaveTextContent(
        'You can ask for a new code in 1 minute.'
      )
      act(() => jest.advanceTimersByTime(59_000))
      expect(region).toHaveTextContent(
        'You can ask for a new code in 1 minute.'
      )

      act(() => jest.advanceTimersByTime(1000))
      expect(region).toHaveTextContent('You can ask for a new code now.')
    })

    it('restarts when the server answers again with a new countdown key', () => {
      const { rerender } = render(
        <OtpInputForm
          onSubmit={jest.fn()}
          onResend={jest.fn()}
          resendAvailableInSeconds={60}
          resendCountdownKey={1}
        />
      )
      act(() => jest.advanceTimersByTime(60_000))
      expect(screen.getByRole('button', { name: 'Resend code' })).toBeEnabled()

      rerender(
        <OtpInputForm
          onSubmit={jest.fn()}
          onResend={jest.fn()}
          resendAvailableInSeconds={60}
          resendCountdownKey={2}
        />
      )
      expect(
        screen.getByRole('button', { name: 'Resend code in 1:00' })
      ).toBeDisabled()
    })
  })

  describe('API errors', () => {
    it('announces the message for the error code and selects the code for retyping', () => {
      const { rerender } = render(<OtpInputForm onSubmit={jest.fn()} />)
      fireEvent.change(codeField(), { target: { value: '111111' } })

      rerender(
        <OtpInputForm
          onSubmit={jest.fn()}
          error={graphQLError('OTP_INVALID')}
        />
      )

      expect(screen.getByRole('alert')).toHaveTextContent(
        'That code is not right'
      )
      const input = codeField() as HTMLInputElement
      expect(input).toHaveFocus()
      expect(input.selectionStart).toBe(0)
      expect(input.selectionEnd).toBe(6)
    })

    it('shows the lock-out wait from the error', () => {
      render(
        <OtpInputForm
          onSubmit={jest.fn()}
          error={graphQLError('TWO_FACTOR_LOCKED', { retryAfterSeconds: 900 })}
        />
      )

      expect(screen.getByRole('alert')).toHaveTextContent(
        'Verification is locked after too many failed attempts. Try again in 15 minutes.'
      )
    })
  })

  describe('WebOTP', () => {
    const originalCredentials = navigator.credentials

    afterEach(() => {
      delete (window as unknown as Record<string, unknown>).OTPCredential
      Object.defineProperty(navigator, 'credentials', {
        value: originalCredentials,
        configurable: true,
      })
    })

    it('fills and submits a code delivered by the browser, and aborts the request on unmount', async () => {
      let signal: AbortSignal | undefined
      const get = jest.fn((options: { signal: AbortSignal }) => {
        signal = options.signal
        return Promise.resolve({ code: '654321' })
      })
      ;(window as unknown as Record<string, unknown>).OTPCredential = class {}
      Object.defineProperty(navigator, 'credentials', {
        value: { get },
        configurable: true,
      })
      const onSubmit = jest.fn()

      const { unmount } = render(<OtpInputForm onSubmit={onSubmit} />)

      expect(await screen.findByDisplayValue('654321')).toBeInTheDocument()
      expect(onSubmit).toHaveBeenCalledWith('654321')
      expect(get).toHaveBeenCalledWith(
        expect.objectContaining({ otp: { transport: ['sms'] } })
      )
      expect(signal?.aborted).toBe(false)

      unmount()
      expect(signal?.aborted).toBe(true)
    })
  })
})
