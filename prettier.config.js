// https://prettier.io/docs/en/options.html
/** @type {import('prettier').RequiredOptions} */
module.exports = {
  trailingComma: 'es5',
  bracketSpacing: true,
  tabWidth: 2,
  semi: false,
  singleQuote: true,
  arrowParens: 'always',
  overrides: [
    {
      files: 'Routes.*',
      options: {
        printWidth: 999,
      },
    },
  ],
  // Sorts Tailwind classes into one canonical order (added by
  // `yarn rw setup ui tailwindcss`).
  tailwindConfig: './web/config/tailwind.config.js',
  plugins: [require.resolve('prettier-plugin-tailwindcss')],
}
