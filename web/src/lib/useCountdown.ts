import { useEffect, useState } from 'react'

/**
 * Counts down from a number of seconds the server gave us. The deadline is
 * fixed when the value (or restartKey) arrives, so a throttled background tab
 * still shows the right time when it wakes up.
 *
 * Pass a new restartKey when the server repeats the same number of seconds
 * for a new event (two resends in a row both answer 30).
 */
export const useCountdown = (
  seconds: number | null | undefined,
  restartKey?: unknown
): number => {
  const initial = Math.max(0, Math.ceil(seconds ?? 0))
  const [remaining, setRemaining] = useState(initial)

  useEffect(() => {
    const deadline = Date.now() + initial * 1000
    const tick = () =>
      setRemaining(Math.max(0, Math.ceil((deadline - Date.now()) / 1000)))
    tick()
    if (initial === 0) {
      return undefined
    }
    const timer = setInterval(() => {
      tick()
      if (Date.now() >= deadline) {
        clearInterval(timer)
      }
    }, 1000)
    return () => clearInterval(timer)
  }, [initial, restartKey])

  return remaining
}

export const formatCountdown = (seconds: number): string => {
  const minutes = Math.floor(seconds / 60)
  const rest = seconds % 60
  return `${minutes}:${rest.toString().padStart(2, '0')}`
}

/**
 * The wait before another code, for a screen reader, in whole minutes: it
 * changes once a minute, so a polite live region reads it that often.
 */
export const describeResendWait = (seconds: number): string => {
  const minutes = Math.max(1, Math.ceil(seconds / 60))
  return `You can ask for a new code in ${
    minutes === 1 ? '1 minute' : `${minutes} minutes`
  }.`
}
