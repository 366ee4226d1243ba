// user-event resolves an older @testing-library/dom than @testing-library/react
// does, so React Testing Library's act() wiring never reaches it. Give that
// copy the same wrappers; without them every typed key logs an act() warning.
import { configure } from '@testing-library/dom'
import { act } from '@testing-library/react'

// The same check React Testing Library uses: legacy fakes are jest mocks,
// modern (sinon) fakes carry a `clock`.
const fakeTimersAreEnabled = () =>
  jest.isMockFunction(setTimeout) ||
  Object.prototype.hasOwnProperty.call(setTimeout, 'clock')

type ActGlobal = typeof globalThis & { IS_REACT_ACT_ENVIRONMENT?: boolean }

configure({
  eventWrapper: (callback) => {
    let result: unknown
    act(() => {
      result = callback()
    })
    return result
  },
  asyncWrapper: async (callback) => {
    const actGlobal = globalThis as ActGlobal
    const previous = actGlobal.IS_REACT_ACT_ENVIRONMENT
    actGlobal.IS_REACT_ACT_ENVIRONMENT = false
    try {
      const result = await callback()
      await new Promise((resolve) => {
        setTimeout(resolve, 0)
        if (fakeTimersAreEnabled()) {
          jest.advanceTimersByTime(0)
        }
      })
      return result
    } finally {
      actGlobal.IS_REACT_ACT_ENVIRONMENT = previous
    }
  },
})

// jsdom has no layout; the router scrolls to the top after each navigation.
window.scrollTo = () => {}

// @redwoodjs/web's CommonJS build (the one Jest loads) re-exports
// react-hot-toast's whole module object as `toast`, so `toast.success` is
// missing under Jest only. Hand the real function back; the browser build is fine.
jest.mock('@redwoodjs/web/toast', () => {
  const hotToast = jest.requireActual('react-hot-toast')
  return {
    ...jest.requireActual('@redwoodjs/web/toast'),
    toast: hotToast.toast ?? hotToast.default,
  }
})
