// More info at https://redwoodjs.com/docs/project-configuration-dev-test-build

const config = {
  rootDir: '../',
  preset: '@redwoodjs/testing/config/jest/web',
  // Jest appends these to the preset's own set-up files.
  setupFilesAfterEnv: ['<rootDir>/web/config/jest.setup.ts'],
}

module.exports = config
