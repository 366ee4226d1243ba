/* eslint-env node, es2022 */
// The same flows as twoFactorFlow.e2e.mjs, on a phone: 390×844, touch, the
// mobile viewport. Its own run of the app, so its accounts start afresh.
import { useDevice } from './browser.mjs'

useDevice('phone')
// After the device is chosen: the flow's tests are declared as it loads.
await import('./twoFactorFlow.e2e.mjs')
