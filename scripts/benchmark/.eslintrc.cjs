// Redwood's shared config sets its environments for .js/.ts files only;
// these are plain Node ES modules.
module.exports = {
  env: { es2022: true, node: true },
}
