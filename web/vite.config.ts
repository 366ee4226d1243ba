import dns from 'dns'

import type { UserConfig } from 'vite'
import { defineConfig } from 'vite'

import redwood from '@redwoodjs/vite'

import { PREBUNDLED_DEPENDENCIES } from './config/prebundledDependencies'

// So that Vite will load on localhost instead of `127.0.0.1`.
// See: https://vitejs.dev/config/server-options.html#server-host.
dns.setDefaultResultOrder('verbatim')

const viteConfig: UserConfig = {
  plugins: [redwood()],
  optimizeDeps: { include: PREBUNDLED_DEPENDENCIES },
  build: {
    // Redwood 8.9 turns minification off for its own debugging (a TODO in
    // @redwoodjs/vite); unminified, the app's JavaScript is about three
    // times the size over the wire.
    minify: 'esbuild',
  },
}

export default defineConfig(viteConfig)
