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
# Three teachers of a Ba Đình school, to register in bulk.
SCHOOL=$(sql "SELECT id FROM units WHERE code = 'HN-BD-THCS-NTT'")
T_BD=$(api_login canbo.badinh matkhau123)
for name in "Nguyễn Thị Hoa" "Trần Văn Khoa" "Lê Thị Mai"; do
  api POST /api/v1/people "$T_BD" "$(jq -nc --arg n "$name" --argjson u "$SCHOOL" \
    '{full_name:$n, unit_id:$u, from_date:"2020-09-01", force:"1"}')"
done
node "$E2E/movements.mjs" "$BASE" "$SHOTS" "$(sql "SELECT id FROM units WHERE code = 'HN'")" \
  "$(sql "SELECT id FROM units WHERE code = 'HN-BD'")"
