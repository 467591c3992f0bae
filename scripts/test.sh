#!/usr/bin/env bash
# `npm test`: every test of the project, on a fresh machine too. Installs what is missing
# (npm packages; Debian's Chromium for the browser tests), builds the screens, runs vitest, and
# closes with a plain "N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== npm ci"
  # npm ci, not npm install: a lock file out of step with package.json fails here, not later.
  LUOT_SKIP_BUILD=1 npm ci --no-audit --no-fund
fi

if [ -z "${LUOT_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  echo "== installing Debian's chromium for the browser tests"
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing: run 'sudo apt-get install -y chromium' or set LUOT_CHROMIUM" >&2
    exit 1
  fi
fi

# Debian's openpyxl reads the XLSX exports back in test/reports/spreadsheets.test.ts (a third-party reader).
if ! /usr/bin/python3 -c 'import openpyxl' >/dev/null 2>&1; then
  echo "== installing Debian's python3-openpyxl for the spreadsheet tests"
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq python3-openpyxl >/dev/null
  else
    echo "openpyxl is missing: run 'sudo apt-get install -y python3-openpyxl'" >&2
    exit 1
  fi
fi

echo "== build the screens"
node node_modules/vite/bin/vite.js build --logLevel warn

echo "== typecheck"
node node_modules/typescript/bin/tsc --noEmit -p tsconfig.json

echo "== vitest"
mkdir -p test/output && rm -f test/output/results.json
status=0
# A run that hangs fails after 25 minutes (the whole suite takes about 6 here)
# instead of holding the machine: LUOT_TEST_TIMEOUT (seconds) changes it.
timeout --kill-after=30 "${LUOT_TEST_TIMEOUT:-1500}" \
  node node_modules/vitest/vitest.mjs run --config vitest.config.ts --reporter=default --reporter=json --outputFile.json=test/output/results.json "$@" || status=$?
if [ "$status" = 124 ] || [ "$status" = 137 ]; then echo "vitest did not finish within ${LUOT_TEST_TIMEOUT:-1500} s and was stopped" >&2; fi
[ -f test/output/results.json ] && node -e '
  const r = JSON.parse(require("fs").readFileSync("test/output/results.json", "utf8"));
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' || true
exit $status
