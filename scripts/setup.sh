# Sourced by scripts/start and scripts/test: everything a fresh machine needs
# before `yarn rw ...` works. Safe to run again; it only does what is missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Yarn 4 comes from corepack. Corepack fetches Yarn from the npm registry
# npm is configured for (no trailing slash, or corepack builds a bad URL).
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
if [ -z "${COREPACK_NPM_REGISTRY:-}" ]; then
  COREPACK_NPM_REGISTRY="$(npm config get registry 2>/dev/null | sed 's:/*$::')"
  export COREPACK_NPM_REGISTRY
fi
export REDWOOD_DISABLE_TELEMETRY=1
if ! command -v yarn >/dev/null 2>&1 || ! yarn --version 2>/dev/null | grep -q '^4\.'; then
  corepack enable
fi

# A script sourced by another that already ran this (./scripts/test runs
# ./scripts/e2e) has nothing left to do.
if [ "${REDWOOD_2FA_SET_UP:-}" = "$ROOT" ]; then
  return 0
fi

echo "==> Installing packages"
yarn install --immutable 2>&1 | grep -E 'YN0000: · Done|YN0001|YN0028|Error' || true
test -d node_modules/@redwoodjs/core

# Secrets live in .env, which git ignores. Generated once per checkout.
if ! grep -q '^SESSION_SECRET=' .env 2>/dev/null; then
  echo "==> Writing a new SESSION_SECRET to .env"
  printf 'SESSION_SECRET=%s\n' "$(node -e "process.stdout.write(require('crypto').randomBytes(32).toString('base64'))")" >> .env
fi

# DATABASE_URL picks the provider and so the migrations (see prisma.config.ts).
echo "==> Applying database migrations"
yarn db:deploy 2>&1 | { grep -vE '^\s*$|^Loaded Prisma config|^Prisma (schema|config)|^Datasource|driver adapter|^WARNING: Your schema specifies|^- url$|NOT be used|remove those properties' || true; }
export REDWOOD_2FA_SET_UP="$ROOT"
