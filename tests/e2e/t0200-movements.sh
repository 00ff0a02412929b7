#!/usr/bin/env bash
# The movement journey (movements.mjs) against a real server with the demo data.
. "$(dirname "$0")/../http/lib.sh"
E2E=$(cd "$(dirname "$0")" && pwd)
SHOTS=${TDKT_SHOTS:-$T_ROOT/build/e2e}
mkdir -p "$SHOTS"
if [ ! -d "$E2E/node_modules/playwright-core" ]; then
  (cd "$E2E" && npm ci --no-audit --no-fund --silent) >"$T_WORK/npm.log" 2>&1 || { echo "not ok 1 - npm ci"; cat "$T_WORK/npm.log"; exit 1; }
fi
start_server
node "$E2E/movements.mjs" "$BASE" "$SHOTS" "$(sql "SELECT id FROM units WHERE code = 'HN'")" \
  "$(sql "SELECT id FROM units WHERE code = 'HN-BD'")"
