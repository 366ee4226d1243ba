import crypto from 'node:crypto'

import { generateOtpCode, isWellFormedOtp } from './otpCode'

describe('one-time codes', () => {
  it('come from crypto.randomInt over all million values, never Math.random', () => {
    const randomInt = jest.spyOn(crypto, 'randomInt')
    const mathRandom = jest.spyOn(Math, 'random')
    try {
      const codes = Array.from({ length: 200 }, () => generateOtpCode())
      expect(randomInt).toHaveBeenCalledTimes(200)
      expect(randomInt).toHaveBeenCalledWith(1_000_000)
      expect(mathRandom).not.toHaveBeenCalled()
      expect(codes.every(isWellFormedOtp)).toBe(true)
    } finally {
      randomInt.mockRestore()
      mathRandom.mockRestore()
    }
  })

  it('keep their leading zeros', () => {
    expect(generateOtpCode(() => 42)).toBe('000042')
  })

  it('are six ASCII digits and nothing else', () => {
    expect(isWellFormedOtp('012345')).toBe(true)
    for (const bad of ['12345', '1234567', '12 345', '١٢٣٤٥٦', 123456, '']) {
      expect(isWellFormedOtp(bad)).toBe(false)
    }
  })
})
