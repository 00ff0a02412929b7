#!/usr/bin/env bash
# Runs every test: unit tests (SQLite, and PostgreSQL where a test supports
# it), the HTTP suite on SQLite and on PostgreSQL, the browser journeys
# (tests/e2e, headless chromium) on SQLite, then the unit tests and the
# HTTP suite again with the AddressSanitizer+UBSan build. A throw-away
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

suite() {
  local build=$1 tag=$2 bin
  for bin in $(find "$build/tests" -type f -name 'test_*' -perm -u+x 2>/dev/null | sort); do
    run_unit "$bin" "$tag"
  done
  for script in tests/http/t[0-9]*.sh; do
    run_http "$script" sqlite "$build/tdkt" "$tag:sq"
  done
  for script in tests/e2e/t[0-9]*.sh; do
    run_http "$script" sqlite "$build/tdkt" "$tag:br"
  done
  if [ -n "$PG_URL" ]; then
    for script in tests/http/t[0-9]*.sh; do
      run_http "$script" pg "$build/tdkt" "$tag:pg"
    done
  fi
}

if out=$(bash scripts/lint.sh 2>&1); then
  PASS=$((PASS + 1)); echo "lint    scripts/lint.sh                            1 passed, 0 failed"
else
  fail_one "lint"; printf '%s\n' "$out" | head -20 | sed 's/^/    /'
fi
# Seeded, bounded libFuzzer runs of every parser harness (tests/fuzz).
if out=$(make -s --no-print-directory fuzz-smoke 2>&1); then
  n=$(printf '%s\n' "$out" | grep -c 'no crash$')
  PASS=$((PASS + n)); printf '%s\n' "$out" | grep 'no crash$' | sed 's/^/fuzz    /'
else
  fail_one "fuzz"; printf '%s\n' "$out" | tail -30 | sed 's/^/    /'
fi
suite build unit
suite build/asan asan

if [ ${#FAILED_NAMES[@]} -gt 0 ]; then
  echo "Failed:"
  printf '  %s\n' "${FAILED_NAMES[@]}"
fi
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
