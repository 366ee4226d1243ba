// More info at https://redwoodjs.com/docs/project-configuration-dev-test-build

const config = {
  rootDir: '../',
  preset: '@redwoodjs/testing/config/jest/api',
  // otplib's base32 and hash plugins (@scure/base, @noble/hashes) ship only
  // as ES modules. Node 20 loads them at run time, Jest needs them compiled.
  transformIgnorePatterns: ['/node_modules/(?!(@scure|@noble)/)'],
}

module.exports = config
