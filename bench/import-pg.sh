#!/usr/bin/env bash
# Importing people on PostgreSQL, where every query is a round trip: the
# first import of a file into the tiny demo, the same file again (no change),
# and a dry run of a file twice as long (half known, half new), on a
# throw-away cluster started by tests/pg.sh (Unix socket, fsync off).
# Writes bench/results/import-pg-DATE.md. Never part of `make test`.
# Usage: bash bench/import-pg.sh [build/tdkt]     (BENCH_ROWS=100000 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${1:-build/tdkt}")
ROWS=${BENCH_ROWS:-100000}
RESULTS=${BENCH_RESULTS_DIR:-bench/results}
WORK=$(mktemp -d /tmp/tdkt-bench-import-pg.XXXXXX)
chmod 755 "$WORK" # the cluster runs as postgres when we are root
PGDIR="$WORK/pg"
export TDKT_PG_PORT=${TDKT_PG_PORT:-55471}
cleanup() { bash tests/pg.sh stop "$PGDIR" >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT
bash tests/pg.sh start "$PGDIR" >/dev/null
DB=$(bash tests/pg.sh newdb "$PGDIR" bench_import)

# The rows of bench/import.sh: people N prints the first N.
people() { awk -v n="$1" -f bench/people.awk; }
people "$ROWS" >"$WORK/people.csv"
people $((ROWS * 2)) >"$WORK/twice.csv"

"$BIN" init --db "$DB" --password adminpass1 >/dev/null
"$BIN" demo --db "$DB" --scale tiny --password matkhau123 >/dev/null

# timed NAME CMD…: runs CMD; NAME.s gets the wall seconds, NAME.txt its output.
timed() {
  local name=$1; shift
  /usr/bin/time -f '%e' -o "$WORK/$name.s" "$@" >"$WORK/$name.txt"
}
timed first "$BIN" import people "$WORK/people.csv" --db "$DB"
timed again "$BIN" import people "$WORK/people.csv" --db "$DB"
timed half "$BIN" import people "$WORK/twice.csv" --dry-run --db "$DB"

DATE=$(date +%F)
mkdir -p "$RESULTS"
OUT="$RESULTS/import-pg-$DATE.md"
{
  echo "# Import of people on PostgreSQL — $DATE"
  echo
  echo "Commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)'), \`bash bench/import-pg.sh\`."
  echo
  echo "Machine: $(nproc) CPUs ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM,"
  echo "$(uname -sr), PostgreSQL $(psql --version | awk '{print $3}') (tests/pg.sh: Unix socket, fsync off)."
  echo
  echo "| what | rows | seconds | rows/s | summary |"
  echo "|---|---:|---:|---:|---|"
  for run in "first|into the tiny demo|$ROWS" "again|the same file again|$ROWS" "half|dry run, half known and half new|$((ROWS * 2))"; do
    IFS='|' read -r name what n <<<"$run"
    s=$(cat "$WORK/$name.s")
    echo "| $what | $n | $s | $(awk -v s="$s" -v n="$n" 'BEGIN { printf "%d", n / s }') | $(tail -1 "$WORK/$name.txt") |"
  done
} >"$OUT"
cat "$OUT"
