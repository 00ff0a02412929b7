#!/usr/bin/env bash
# Issue 4 figure, end to end over HTTP with one client (curl, one request at a
# time): the cascade coverage of a city-wide movement over the whole subtree,
# as JSON (GET /api/v1/movements/ID/coverage?subtree=1) and as the movement
# page with its coloured cascade tree (GET /movements/ID). The movements are
# HN's yearly ones from `tdkt demo` (2020-2026). Seeds `tdkt demo --scale
# $SCALE --no-people` (default medium: the medium city's 12 thousand units and
# their movements, without the million people, who play no part in coverage)
# into a fresh SQLite database, or measures BENCH_DB. Writes
# bench/results/movements-SCALE-DATE.md.
# Usage: bash bench/movements.sh [build/tdkt]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${1:-build/tdkt}")
SCALE=${SCALE:-medium}
N=${BENCH_REQUESTS:-60}
WORK=$(mktemp -d /tmp/tdkt-bench.XXXXXX)
DBFILE=${BENCH_DB:-$WORK/tdkt.db}
DB="sqlite:$DBFILE"
PID=""
cleanup() { [ -n "$PID" ] && kill -TERM "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

seed_s="(built earlier)"
if [ -z "${BENCH_DB:-}" ]; then
  "$BIN" init --db "$DB" --password adminpass1 >/dev/null
  start=$(date +%s)
  "$BIN" demo --db "$DB" --scale "$SCALE" --no-people --password matkhau123 >/dev/null
  seed_s="built without people in $(( $(date +%s) - start )) s"
fi
PORT=$(shuf -i 10000-32000 -n 1)
"$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --threads 2 >"$WORK/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.05; done
BASE="http://127.0.0.1:$PORT"
TOKEN=$(curl -s -X POST -H 'Content-Type: application/json' -d '{"login":"canbo.hanoi","password":"matkhau123"}' \
  "$BASE/api/v1/login" | jq -r .token)
JAR=$WORK/jar
curl -s -c "$JAR" "$BASE/login" -o "$WORK/login.html"
CSRF=$(grep -o 'name="csrf" value="[^"]*"' "$WORK/login.html" | head -1 | sed 's/.*value="//; s/"$//')
curl -s -b "$JAR" -c "$JAR" -o /dev/null --data-urlencode "csrf=$CSRF" --data-urlencode login=canbo.hanoi \
  --data-urlencode password=matkhau123 "$BASE/login"
HN=$(sqlite3 "$DBFILE" "SELECT id FROM units WHERE code = 'HN'")
UNITS=$(sqlite3 "$DBFILE" "SELECT COUNT(*) FROM units")
PEOPLE=$(sqlite3 "$DBFILE" "SELECT COUNT(*) FROM persons")
MOVS=($(sqlite3 "$DBFILE" "SELECT id FROM movements WHERE owner_unit_id = $HN AND kind = 'thuong_xuyen' ORDER BY period_from"))
ROWS=$(curl -s -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/movements/${MOVS[-1]}/coverage?subtree=1" | jq .total)

# time_each KIND: N requests over the yearly movements in turn; one latency (ms) per line.
time_each() {
  for i in $(seq 1 "$N"); do
    local m=${MOVS[$(( i % ${#MOVS[@]} ))]}
    if [ "$1" = api ]; then
      curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/movements/$m/coverage?subtree=1"
    else
      curl -s -o /dev/null -w '%{time_total}\n' -b "$JAR" "$BASE/movements/$m"
    fi
  done | awk '{ printf "%.3f\n", $1 * 1000 }'
}
pct() { sort -n | awk -v p="$1" '{ a[NR] = $1 } END { i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; printf "%.2f", a[i] }'; }
time_each api >"$WORK/api.ms"
time_each page >"$WORK/page.ms"
PAGE_KB=$(curl -s -b "$JAR" "$BASE/movements/${MOVS[-1]}" | wc -c | awk '{printf "%.0f", $1/1024}')

mkdir -p bench/results
OUT=bench/results/movements-$SCALE-$(date -u +%Y-%m-%d).md
{
  echo "# tdkt movement coverage benchmark, $(date -u +%Y-%m-%d)"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); commit: $(git rev-parse HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (uncommitted changes)')"
  echo "- data: \`tdkt demo --scale $SCALE\` on SQLite: $UNITS units, $PEOPLE people, ${#MOVS[@]} yearly movements of HN ($seed_s); the 2026 one covers $ROWS units of the subtree"
  echo "- client: curl as canbo.hanoi, one request at a time over loopback, $N requests per figure over the yearly movements in turn (time_total)"
  echo "- machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')),"\
       "$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sr),"\
       "$(. /etc/os-release; echo "$PRETTY_NAME"), SQLite $(sqlite3 --version | cut -d' ' -f1); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| request | p50 ms | p99 ms | target (issue 4, medium data) |"
  echo "|---|---:|---:|---|"
  echo "| coverage of the whole subtree, JSON | $(pct 50 <"$WORK/api.ms") | $(pct 99 <"$WORK/api.ms") | < 200 ms |"
  echo "| movement page with the cascade tree (${PAGE_KB} KiB of HTML) | $(pct 50 <"$WORK/page.ms") | $(pct 99 <"$WORK/page.ms") | < 200 ms |"
} >"$OUT"
cat "$OUT"
