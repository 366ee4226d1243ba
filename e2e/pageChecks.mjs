/* eslint-env node, es2022, browser */
// (browser: the functions handed to page.evaluate run in the page.)
// What every screen the browser tests reach must pass, whatever the device:
// no serious or critical axe-core violation, no sideways scrolling from 320
// to 1440 px, and controls at least 44 px square.
import fs from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const AXE_SOURCE = fs.readFileSync(
  require.resolve('axe-core/axe.min.js'),
  'utf8'
)

/** A small phone, a common phone, a tablet upright, a desktop. */
export const WIDTHS = [320, 390, 768, 1440]
const MIN_TAP_TARGET_PX = 44

/**
 * axe-core's serious and critical violations on the page as it is now.
 * Injected through the DevTools protocol, which the page's Content Security
 * Policy does not govern: a <script> element would be refused (and reported).
 */
export const axeViolations = async (page) => {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.evaluate(AXE_SOURCE)
  }
  const { violations } = await page.evaluate(() =>
    window.axe.run(document, { resultTypes: ['violations'] })
  )
  return violations
    .filter(({ impact }) => impact === 'serious' || impact === 'critical')
    .map(
      ({ id, impact, help, nodes }) =>
        `${impact} ${id}: ${help}\n` +
        nodes
          .slice(0, 5)
          .map((node) => `    ${node.target.join(' ')}: ${node.failureSummary}`)
          .join('\n')
    )
}

/** At each width, how far the page scrolls sideways, and what sticks out. */
export const sidewaysScrolling = async (page) => {
  const original = page.viewportSize()
  const problems = []
  try {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: original.height })
      const found = await page.evaluate(() => {
        const root = document.documentElement
        const excess = root.scrollWidth - root.clientWidth
        if (excess <= 0) {
          return null
        }
        const culprits = [...document.body.querySelectorAll('*')]
          .filter((el) => el.getBoundingClientRect().right > root.clientWidth)
          .slice(-3)
          .map((el) => `${el.tagName.toLowerCase()}.${el.className}`)
        return { excess, culprits }
      })
      if (found) {
        problems.push(
          `${width} px wide scrolls ${found.excess} px sideways: ${found.culprits.join(', ')}`
        )
      }
    }
  } finally {
    await page.setViewportSize(original)
  }
  return problems
}

/**
 * Buttons, fields and links that stand alone smaller than 44×44 px (WCAG
 * 2.5.5). A link inside a sentence is exempt, as WCAG exempts it.
 */
export const smallTapTargets = (page) =>
  page.evaluate((min) => {
    const standsAlone = (el) =>
      el.tagName !== 'A' ||
      el.parentElement.textContent.trim() === el.textContent.trim()
    return [...document.querySelectorAll('a[href], button, input, select')]
      .filter((el) => {
        const box = el.getBoundingClientRect()
        // Not shown, or visually hidden (the skip link until it has focus).
        if (box.width <= 1 || box.height <= 1) {
          return false
        }
        if (getComputedStyle(el).visibility === 'hidden') {
          return false
        }
        return (
          standsAlone(el) && (box.height < min - 0.5 || box.width < min - 0.5)
        )
      })
      .map((el) => {
        const box = el.getBoundingClientRect()
        const name = (el.textContent || el.getAttribute('name') || '').trim()
        return `${el.tagName.toLowerCase()} "${name}" ${Math.round(box.width)}×${Math.round(box.height)} px`
      })
  }, MIN_TAP_TARGET_PX)

/**
 * Waits for running CSS transitions (a button turning from grey to blue as
 * it is enabled): caught half-way, its colours fail a contrast check that
 * neither end state fails. Endless animations (a spinner) are not waited for.
 */
const settle = (page) =>
  page.evaluate(() =>
    Promise.race([
      Promise.all(
        document
          .getAnimations()
          .filter((a) => a.effect?.getTiming().iterations !== Infinity)
          .map((a) => a.finished.catch(() => {}))
      ),
      new Promise((resolve) => setTimeout(resolve, 2000)),
    ])
  )

/** All of the above; throws with everything found. */
export const checkPage = async (page, what) => {
  await settle(page)
  const problems = [
    ...(await axeViolations(page)),
    ...(await sidewaysScrolling(page)),
    ...(await smallTapTargets(page)).map((t) => `tap target under 44 px: ${t}`),
  ]
  if (problems.length > 0) {
    throw new Error(`${what} at ${page.url()}:\n${problems.join('\n')}`)
  }
}
