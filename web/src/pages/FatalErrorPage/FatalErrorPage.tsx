// Rendered when an error reaches the top of the app. Kept simple so that it
// cannot fail itself: no router, no data, only markup and the app's classes.

// This import will be automatically removed when building for production
import { DevFatalErrorPage } from '@redwoodjs/web/dist/components/DevFatalErrorPage'

export default DevFatalErrorPage ||
  (() => (
    <main className="flex min-h-screen items-center justify-center bg-slate-50 p-4">
      <section
        aria-labelledby="fatal-error-title"
        className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-6 text-center shadow-sm"
      >
        <h1 id="fatal-error-title" className="text-2xl font-bold">
          Something went wrong
        </h1>
        <p className="mt-3 text-slate-700">
          Reload the page to try again. If it keeps happening, come back a
          little later.
        </p>
        <p className="mt-5">
          {/* A full load, not the router: the app may be what broke. */}
          <a
            href="/"
            className="inline-flex min-h-tap items-center rounded-md bg-blue-700 px-4 font-semibold text-white no-underline hover:bg-blue-800 hover:text-white"
          >
            Go to the home page
          </a>
        </p>
      </section>
    </main>
  ))
