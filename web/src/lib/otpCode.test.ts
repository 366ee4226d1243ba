import { digitsForField, isValidOtp, normaliseOtpInput } from './otpCode'

describe('otpCode', () => {
  it('accepts exactly six digits', () => {
    expect(isValidOtp('012345')).toBe(true)
    expect(isValidOtp('12345')).toBe(false)
    expect(isValidOtp('1234567')).toBe(false)
    expect(isValidOtp('12345a')).toBe(false)
    expect(isValidOtp('')).toBe(false)
  })

  it('drops the spaces and dashes people paste with a code', () => {
    expect(normaliseOtpInput(' 123 456 ')).toBe('123456')
    expect(normaliseOtpInput('123-456')).toBe('123456')
    expect(normaliseOtpInput('123\u2014456')).toBe('123456')
    expect(normaliseOtpInput('12a456')).toBe('12a456')
  })

  it('keeps only the first six digits for the field', () => {
    expect(digitsForField('1a2b3c4d5e6f7g')).toBe('123456')
    expect(digitsForField('０１２')).toBe('')
  })
})
