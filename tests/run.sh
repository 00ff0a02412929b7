#!/usr/bin/env bash
# Runs every test: unit tests (SQLite, and PostgreSQL where a test supports
# it), the HTTP suite on SQLite and on PostgreSQL, the browser journeys
# (tests/e2e, headless chromium) on SQLite, then the unit tests and the
# HTTP suite again with the AddressSanitizer+UBSan build; the parts run side
# by side (see part below), each part's lines printed when it ends. A throw-away
# PostgreSQL cluster lives in a temporary folder for the run and is removed at
# the end. The last line is "N passed, N failed"; exit status 1 on any failure.
set -u
cd "$(dirname "$0")/.."

PASS=0
FAIL=0
FAILED_NAMES=()
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:halt_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

fail_one() { FAIL=$((FAIL + 1)); FAILED_NAMES+=("$1"); }

PG_DIR=$(mktemp -d /tmp/tdkt-pg.XXXXXX)
PG_URL=$(bash tests/pg.sh start "$PG_DIR") || { fail_one "postgresql: cluster did not start"; PG_URL=""; }
cleanup() { [ -n "$PG_URL" ] && bash tests/pg.sh stop "$PG_DIR" >/dev/null 2>&1; rm -rf "$PG_DIR"; }
trap cleanup EXIT

# Fresh PostgreSQL database for one test binary or script; prints its conninfo.
pg_newdb() { [ -n "$PG_URL" ] && bash tests/pg.sh newdb "$PG_DIR" "$1" 2>/dev/null; }

# One cmocka binary: adds its passed/failed counts.
run_unit() {
  local bin=$1 label=$2 out p f dbname
  dbname="u_$(basename "$bin")_$RANDOM"
  out=$(TDKT_TEST_PG="$(pg_newdb "$dbname")" "$bin" 2>&1)
  local rc=$?
  # cmocka prints one summary per group: sum them all.
  p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | awk '{s += $1} END {print s + 0}')
  f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | awk '{s += $1} END {print s + 0}')
  p=${p:-0}; f=${f:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  PASS=$((PASS + p)); FAIL=$((FAIL + f))
  printf '%-7s %-40s %3d passed, %d failed\n' "$label" "${bin#*/tests/}" "$p" "$f"
  if [ "$f" -ne 0 ]; then
    FAILED_NAMES+=("$label ${bin#*/tests/}")
    printf '%s\n' "$out" | grep -E 'FAILED|ERROR|error|Sanitizer|runtime error' | head -20 | sed 's/^/    /'
  fi
}

# One HTTP script on BACKEND with binary BIN: counts its TAP lines.
run_http() {
  local script=$1 backend=$2 bin=$3 label=$4 out rc p f
  out=$(TDKT_BIN="$bin" TDKT_BACKEND="$backend" TDKT_PG_DIR="$PG_DIR" bash "$script" 2>&1)
  rc=$?
  p=$(printf '%s\n' "$out" | grep -c '^ok ')
  f=$(printf '%s\n' "$out" | grep -c '^not ok ')
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  PASS=$((PASS + p)); FAIL=$((FAIL + f))
  printf '%-7s %-40s %3d passed, %d failed\n' "$label" "$(basename "$script")" "$p" "$f"
  if [ "$f" -ne 0 ]; then
    FAILED_NAMES+=("$label $(basename "$script")")
    printf '%s\n' "$out" | grep -vE '^ok ' | head -30 | sed 's/^/    /'
  fi
}

# The parts of the run, each a shell function that adds to PASS/FAIL and
# FAILED_NAMES and prints its lines. They run side by side, TDKT_TEST_JOBS at a
# time (the number of CPUs by default): most of a part's time is spent
# waiting on a server, a browser or a database, not on the CPU.
units() {
  local bin
  for bin in $(find "$1/tests" -type f -name 'test_*' -perm -u+x 2>/dev/null | sort); do
    run_unit "$bin" "$2"
  done
}
http() {
  local script
  [ "$2" = pg ] && [ -z "$PG_URL" ] && return 0
  for script in tests/http/t[0-9]*.sh; do
    run_http "$script" "$2" "$1/tdkt" "$3"
  done
}
browser() {
  local script
  for script in tests/e2e/t[0-9]*.sh; do
    run_http "$script" sqlite "$1/tdkt" "$2"
  done
}
lint() {
  local out
  if out=$(bash scripts/lint.sh 2>&1); then
    PASS=$((PASS + 1)); echo "lint    scripts/lint.sh                            1 passed, 0 failed"
  else
    fail_one "lint"; printf '%s\n' "$out" | head -20 | sed 's/^/    /'
  fi
}
# Seeded, bounded libFuzzer runs of every parser harness (tests/fuzz).
fuzz() {
  local out n
  if out=$(make -s --no-print-directory fuzz-smoke 2>&1); then
    n=$(printf '%s\n' "$out" | grep -c 'no crash$')
    PASS=$((PASS + n)); printf '%s\n' "$out" | grep 'no crash$' | sed 's/^/fuzz    /'
  else
    fail_one "fuzz"; printf '%s\n' "$out" | tail -30 | sed 's/^/    /'
  fi
}

RES=$(mktemp -d /tmp/tdkt-run.XXXXXX)
JOBS=${TDKT_TEST_JOBS:-$(nproc)}
PARTS=()
# part NAME COMMAND…: runs COMMAND in the background once a slot is free; its
# lines go to RES/NAME.out, its counts and failures to RES/NAME.sum.
part() {
  local name=$1; shift
  while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
  PARTS+=("$name")
  (
    PASS=0; FAIL=0; FAILED_NAMES=(); t0=$SECONDS
    "$@" >"$RES/$name.out" 2>&1
    { echo "$PASS $FAIL"; printf '%s\n' "${FAILED_NAMES[@]}"; } >"$RES/$name.sum"
    { cat "$RES/$name.out"; echo "-- $name: $((SECONDS - t0)) s"; } >&3
  ) &
}
exec 3>&1
# Longest first, so that the last slot is not left with a long part.
part asan-pg http build/asan pg asan:pg
part asan-sq http build/asan sqlite asan:sq
part unit-pg http build pg unit:pg
part unit-sq http build sqlite unit:sq
part asan-br browser build/asan asan:br
part unit-br browser build unit:br
part asan-units units build/asan asan
part unit-units units build unit
part fuzz fuzz
part lint lint
wait

for name in "${PARTS[@]}"; do
  if [ ! -s "$RES/$name.sum" ]; then fail_one "$name: did not finish"; continue; fi
  { read -r p f; mapfile -t names; } <"$RES/$name.sum"
  PASS=$((PASS + p)); FAIL=$((FAIL + f))
  for n in "${names[@]}"; do [ -n "$n" ] && FAILED_NAMES+=("$n"); done
done
rm -rf "$RES"

if [ ${#FAILED_NAMES[@]} -gt 0 ]; then
  echo "Failed:"
  printf '  %s\n' "${FAILED_NAMES[@]}"
fi
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
