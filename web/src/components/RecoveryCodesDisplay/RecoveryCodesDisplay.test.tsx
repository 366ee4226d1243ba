import userEvent from '@testing-library/user-event'

import { navigate } from '@redwoodjs/router'
import { act, render, screen, within } from '@redwoodjs/testing/web'

import RecoveryCodesDisplay, {
  RECOVERY_CODES_FILE_NAME,
  recoveryCodesText,
} from './RecoveryCodesDisplay'
import { CODES } from './RecoveryCodesDisplay.mock'

// jsdom's Blob has no text().
const readBlob = (blob: Blob) =>
  new Promise<string>((resolve) => {
    const reader = new FileReader()
    reader.onload = () => resolve(reader.result as string)
    reader.readAsText(blob)
  })

const confirmButton = () =>
  screen.getByRole('button', { name: 'I have saved these codes' })

const renderCodes = (props = {}) => {
  const onDone = jest.fn()
  render(
    <RecoveryCodesDisplay
      codes={CODES}
      accountName="ada@example.com"
      onDone={onDone}
      {...props}
    />
  )
  return onDone
}

describe('RecoveryCodesDisplay', () => {
  const createObjectURL = jest.fn((_blob: Blob) => 'blob:codes')
  const revokeObjectURL = jest.fn()
  let writeText: jest.Mock

  beforeEach(() => {
    Object.assign(URL, { createObjectURL, revokeObjectURL })
    createObjectURL.mockClear()
    writeText = jest.fn(async () => undefined)
    Object.assign(navigator, { clipboard: { writeText } })
    window.print = jest.fn()
    window.history.replaceState({}, '', '/settings/security')
  })

  it('lists every code and takes focus so the list is read out', () => {
    renderCodes({ firstTime: true })

    const list = screen.getByRole('list', { name: 'Recovery codes' })
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((item) => item.textContent)
    ).toEqual(CODES)
    expect(
      screen.getByRole('heading', { name: 'Save your recovery codes' })
    ).toHaveFocus()
    expect(
      screen.getByText(/Two-factor authentication is on\./)
    ).toBeInTheDocument()
  })

  it('cannot be finished before the codes were downloaded, copied or printed', async () => {
    const onDone = renderCodes()

    expect(confirmButton()).toBeDisabled()
    expect(confirmButton()).toHaveAccessibleDescription(
      'Download, copy or print the codes to continue.'
    )
    await userEvent.click(confirmButton())
    expect(onDone).not.toHaveBeenCalled()
  })

  it('downloads the codes as a text file', async () => {
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function (this: HTMLAnchorElement) {
        expect(this.download).toBe(RECOVERY_CODES_FILE_NAME)
        expect(this.href).toBe('blob:codes')
      })
    const onDone = renderCodes()

    await userEvent.click(screen.getByRole('button', { name: 'Download' }))

    expect(click).toHaveBeenCalledTimes(1)
    const blob = createObjectURL.mock.calls[0][0]
    expect(blob.type).toBe('text/plain;charset=utf-8')
    const text = await readBlob(blob)
    for (const code of CODES) {
      expect(text).toContain(`\n${code}\n`)
    }
    expect(text).toContain('ada@example.com')

    expect(confirmButton()).toBeEnabled()
    await userEvent.click(confirmButton())
    expect(onDone).toHaveBeenCalledTimes(1)
    click.mockRestore()
  })

  it('copies the same text', async () => {
    renderCodes()

    await userEvent.click(screen.getByRole('button', { name: 'Copy' }))

    expect(writeText).toHaveBeenCalledTimes(1)
    const copied = writeText.mock.calls[0][0] as string
    expect(copied.split('\n').filter((line) => CODES.includes(line))).toEqual(
      CODES
    )
    expect(confirmButton()).toBeEnabled()
  })

  it('prints', async () => {
    renderCodes()

    await userEvent.click(screen.getByRole('button', { name: 'Print' }))

    expect(window.print).toHaveBeenCalledTimes(1)
    expect(confirmButton()).toBeEnabled()
  })

  it('does not count a copy that failed as saved', async () => {
    writeText.mockRejectedValue(new Error('denied'))
    renderCodes()

    await userEvent.click(screen.getByRole('button', { name: 'Copy' }))

    expect(confirmButton()).toBeDisabled()
  })

  it('asks before leaving the page while the codes are not confirmed', async () => {
    renderCodes()

    act(() => navigate('/dashboard'))

    const dialog = await screen.findByRole('alertdialog')
    expect(dialog).toHaveTextContent('They will not be shown again.')
    expect(window.location.pathname).toBe('/settings/security')
    const stay = within(dialog).getByRole('button', { name: 'Stay' })
    expect(stay).toHaveFocus()

    await userEvent.click(stay)
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument()
    expect(window.location.pathname).toBe('/settings/security')

    act(() => navigate('/dashboard'))
    await userEvent.click(
      await screen.findByRole('button', { name: 'Leave without saving' })
    )
    expect(window.location.pathname).toBe('/dashboard')
  })

  it('lets the page go once the codes are confirmed', async () => {
    renderCodes()
    await userEvent.click(screen.getByRole('button', { name: 'Print' }))
    await userEvent.click(confirmButton())

    act(() => navigate('/dashboard'))

    expect(window.location.pathname).toBe('/dashboard')
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument()
  })

  it('writes a file a person can read later', () => {
    expect(
      recoveryCodesText(
        ['abcde-fghjk'],
        'ada@example.com',
        new Date('2030-01-02T03:04:05Z')
      )
    ).toBe(
      [
        'Redwood 2FA recovery codes for ada@example.com',
        'Created 2030-01-02. Each code signs you in once',
        'when you cannot use your phone or authenticator app.',
        'Keep them somewhere safe.',
        '',
        'abcde-fghjk',
        '',
      ].join('\n')
    )
  })
})
