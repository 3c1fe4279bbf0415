#!/bin/sh
# build-assets.sh installs the pinned npm packages (package-lock.json) and
# compiles the front-end assets into internal/web/static/dist, which the Go
# binary embeds. Set SKIP_NPM_CI=1 to reuse an existing node_modules.
set -eu
cd "$(dirname "$0")/.."
if [ "${SKIP_NPM_CI:-}" != 1 ]; then
	npm ci --no-audit --no-fund
fi
node scripts/build-assets.mjs
