import { toast } from '@redwoodjs/web/toast'

const NEXT_PAGE = 'next-page:'
let raised = 0

/** True for a toast raised with toastOnNextPage. */
export const isForNextPage = (id: string) => id.startsWith(NEXT_PAGE)

/**
 * A message about what just happened, for the page the app is about to go to
 * ("Welcome!", "Password changed"): the route change that follows does not
 * dismiss it, the one after does.
 */
export const toastOnNextPage = (
  type: 'success' | 'error' | 'blank',
  message: string,
  options: { duration?: number } = {}
) => {
  raised += 1
  const id = `${NEXT_PAGE}${raised}`
  return type === 'blank'
    ? toast(message, { ...options, id })
    : toast[type](message, { ...options, id })
}
