/**
 * Dependencies Vite bundles before the dev server serves its first page.
 *
 * Vite finds dependencies by crawling from index.html, and Redwood's entry
 * is added by a plugin where that crawl does not look, so without this list
 * it meets each one on the first page that imports it, bundles the set
 * again and reloads the page. Modules already loaded then hold one copy of
 * React and the new ones another: "Invalid hook call" and a blank page on a
 * newcomer's first visit to /signup or the security page.
 *
 * Every package web/src imports at run time belongs here;
 * prebundledDependencies.test.ts fails when one is missing.
 */
export const PREBUNDLED_DEPENDENCIES = [
  // Imported by Redwood's own entry and its Vite plugin, not by web/src.
  'vite-plugin-node-polyfills/shims/buffer',
  'vite-plugin-node-polyfills/shims/global',
  'vite-plugin-node-polyfills/shims/process',
  '@redwoodjs/web/dist/components/DevFatalErrorPage',
  // Redwood's Babel plugin imports `gql` into every file that uses it.
  'graphql-tag',
  // The app's own imports.
  'react',
  'react-dom/client',
  '@redwoodjs/auth-dbauth-web',
  '@redwoodjs/forms',
  '@redwoodjs/router',
  '@redwoodjs/web',
  '@redwoodjs/web/apollo',
  '@redwoodjs/web/toast',
  'libphonenumber-js/min',
  'libphonenumber-js/mobile/examples',
]
