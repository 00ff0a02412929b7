#!/usr/bin/env bash
# make bench: throughput and latency of tdkt on loopback, measured with wrk.
#
#   bash bench/run.sh [BINARY]        (default build/tdkt; `make bench` builds it)
#
# For each backend (SQLite always; PostgreSQL too when tests/pg.sh is present)
# it seeds a fresh database (`tdkt init` + `tdkt demo`), starts `tdkt serve` on
# a free loopback port, logs in once through the API, warms up, then runs wrk
# --latency against
#   (a) GET /login          the public, server-rendered login page
#   (b) GET /api/v1/units   an authenticated JSON endpoint (bearer token)
# and reads requests/s, p50 and p99 from wrk's output. The server's resident
# memory (VmRSS, and the peak VmHWM) is read from /proc/PID/status after start,
# after the login and at the end. Figures are printed and written with the
# machine description to bench/results/platform-YYYY-MM-DD.md (a later run on
# the same day replaces the file). Nothing is asserted.
#
# Knobs (environment): BENCH_DURATION (10s), BENCH_WARMUP (2s),
# BENCH_CONNECTIONS (8), BENCH_WRK_THREADS (2), BENCH_SERVER_THREADS (nproc),
# BENCH_RESULTS_DIR (bench/results), BENCH_PG (1; 0 skips PostgreSQL).
#
# Everything it starts (server, PostgreSQL cluster, temp files) is stopped and
# removed on exit, error or interrupt. Exit status: 0 when every backend was
# measured; 1 when the SQLite run failed, or when the PostgreSQL run failed
# (the SQLite figures are still written).
set -u -o pipefail
cd "$(dirname "$0")/.." || exit 1

BIN=${1:-build/tdkt}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-2s}
CONNS=${BENCH_CONNECTIONS:-8}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
SRV_THREADS=${BENCH_SERVER_THREADS:-$(nproc)}
RESULTS_DIR=${BENCH_RESULTS_DIR:-bench/results}
WANT_PG=${BENCH_PG:-1}

die() { echo "bench: $*" >&2; exit 1; }
warn() { echo "bench: $*" >&2; }

[ -x "$BIN" ] || die "no executable at $BIN (make bench builds it)"
BIN=$(realpath "$BIN")
command -v wrk >/dev/null 2>&1 || die "wrk is not installed (bash scripts/deps.sh installs it)"
command -v curl >/dev/null 2>&1 || die "curl is not installed"
command -v jq >/dev/null 2>&1 || die "jq is not installed"

WORK=$(mktemp -d /tmp/tdkt-bench.XXXXXX) || die "cannot make a temporary directory"
SERVER_PID=""
PG_DIR=""
PG_VERSION=""
PG_STATUS="not run"
STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
RESULT_FILE="$RESULTS_DIR/platform-$(date -u +%Y-%m-%d).md"

stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null
  for _ in $(seq 1 100); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    warn "server $SERVER_PID ignored SIGTERM for 10 s; killing it"
    kill -KILL "$SERVER_PID" 2>/dev/null
  fi
  wait "$SERVER_PID" 2>/dev/null
  SERVER_PID=""
}

stop_pg() {
  [ -n "$PG_DIR" ] || return 0
  if ! bash tests/pg.sh stop "$PG_DIR" >/dev/null 2>&1; then
    # Not a cluster (start failed before making one): just the empty dir.
    if [ -e "$PG_DIR/.tdkt-pg-cluster" ]; then
      warn "could not stop the PostgreSQL cluster in $PG_DIR; it is left there"
    else
      rm -rf -- "$PG_DIR"
    fi
  fi
  PG_DIR=""
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_server
  stop_pg
  rm -rf -- "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

pick_port() {
  local p
  for p in $(shuf -i 20000-60000 -n 50); do
    if ! (exec 3<>/dev/tcp/127.0.0.1/"$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}

# proc_kb PID FIELD: a VmXXX field of /proc/PID/status in kB.
proc_kb() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null; }

# mib KB: kB as MiB with one decimal.
mib() { [ -n "$1" ] && awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }' || echo "?"; }

# to_ms VALUE: a wrk duration (412.00us, 1.23ms, 1.02s, 1.50m) in ms.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    else if (u != "ms") { print "?"; exit }
    printf "%.2f", n }'
}

# run_wrk BACKEND LABEL URL [wrk args…]: warm-up, then the measured run; adds
# a row to the figures and the command line to the list.
run_wrk() {
  local backend=$1 label=$2 url=$3; shift 3
  local out="$WORK/wrk-$backend-${label//[^a-z0-9]/_}.txt"
  local cmd=(wrk --latency -t "$WRK_THREADS" -c "$CONNS" -d "$DURATION" "$@" "$url")
  local limit
  limit=$(( $(to_s "$DURATION") + 60 ))

  timeout "$(( $(to_s "$WARMUP") + 60 ))" wrk -t "$WRK_THREADS" -c "$CONNS" -d "$WARMUP" "$@" "$url" \
    >"$WORK/warmup.txt" 2>&1 || { warn "warm-up of $label on $backend failed:"; cat "$WORK/warmup.txt" >&2; return 1; }
  echo "bench: $backend  $label  (${DURATION}, ${CONNS} connections, ${WRK_THREADS} wrk threads)" >&2
  if ! timeout "$limit" "${cmd[@]}" >"$out" 2>&1; then
    warn "wrk failed on $label ($backend):"; cat "$out" >&2; return 1
  fi
  local rps p50 p99 reqs non2xx sockerr
  rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
  reqs=$(awk '/ requests in / { print $1 }' "$out")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
  sockerr=$(awk '/Socket errors:/ { s = 0; for (i = 3; i <= NF; i++) s += $i + 0; print s }' "$out")
  if [ -z "$rps" ] || [ -z "$reqs" ]; then
    warn "cannot read wrk's output for $label ($backend):"; cat "$out" >&2; return 1
  fi
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$backend" "$label" "$rps" "$p50" "$p99" \
    "$reqs" "${non2xx:-0}" "${sockerr:-0}" >>"$WORK/rows.md"
  printf '%s\n' "${cmd[*]}" >>"$WORK/commands.txt"
}

# to_s DURATION: a wrk duration argument (10s, 2m, 1h, or plain seconds) in s.
to_s() {
  local d=$1
  case "$d" in
    *s) echo "${d%s}" ;;
    *m) echo $(( ${d%m} * 60 )) ;;
    *h) echo $(( ${d%h} * 3600 )) ;;
    *) echo "$d" ;;
  esac
}

# run_backend BACKEND DB: one server on DB, both endpoints, memory figures.
run_backend() {
  local backend=$1 db=$2
  local log="$WORK/$backend-setup.log" port base
  "$BIN" init --db "$db" --password adminpass1 >"$log" 2>&1 || { warn "tdkt init failed ($backend):"; cat "$log" >&2; return 1; }
  "$BIN" demo --db "$db" --password matkhau123 >>"$log" 2>&1 || { warn "tdkt demo failed ($backend):"; cat "$log" >&2; return 1; }

  port=$(pick_port) || { warn "no free loopback port"; return 1; }
  base="http://127.0.0.1:$port"
  "$BIN" serve --db "$db" --listen "127.0.0.1:$port" --threads "$SRV_THREADS" >"$WORK/$backend-server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 200); do
    curl -sf "$base/healthz" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.05
  done
  if ! curl -sf "$base/healthz" >/dev/null 2>&1; then
    warn "the server did not start ($backend):"; tail -n 20 "$WORK/$backend-server.log" >&2
    stop_server; return 1
  fi
  local rss0 hwm1 hwm2 rss2 status size_login size_units token
  rss0=$(proc_kb "$SERVER_PID" VmRSS)

  status=$(curl -s -o "$WORK/login.html" -w '%{http_code}' "$base/login")
  [ "$status" = 200 ] || { warn "GET /login answered $status ($backend)"; stop_server; return 1; }
  size_login=$(stat -c %s "$WORK/login.html")
  token=$(curl -s -H 'Content-Type: application/json' -H 'Accept: application/json' \
    --data-binary '{"login":"admin","password":"adminpass1"}' "$base/api/v1/login" | jq -r '.token // empty')
  [ -n "$token" ] || { warn "API login failed ($backend)"; stop_server; return 1; }
  status=$(curl -s -o "$WORK/units.json" -w '%{http_code}' -H "Authorization: Bearer $token" \
    -H 'Accept: application/json' "$base/api/v1/units")
  [ "$status" = 200 ] || { warn "GET /api/v1/units answered $status ($backend)"; stop_server; return 1; }
  size_units=$(stat -c %s "$WORK/units.json")
  hwm1=$(proc_kb "$SERVER_PID" VmHWM)

  run_wrk "$backend" "GET /login" "$base/login" || { stop_server; return 1; }
  TDKT_TOKEN=$token run_wrk "$backend" "GET /api/v1/units" "$base/api/v1/units" -s bench/auth.lua ||
    { stop_server; return 1; }

  rss2=$(proc_kb "$SERVER_PID" VmRSS); hwm2=$(proc_kb "$SERVER_PID" VmHWM)
  stop_server
  printf '| %s | %s | %s | %s | %s |\n' "$backend" "$(mib "$rss0")" "$(mib "$hwm1")" "$(mib "$hwm2")" \
    "$(mib "$rss2")" >>"$WORK/memory.md"
  printf -- '- %s: GET /login body %s bytes; GET /api/v1/units body %s bytes (%s units).\n' "$backend" \
    "$size_login" "$size_units" \
    "$(jq -r '.items | length' "$WORK/units.json" 2>/dev/null)" >>"$WORK/sizes.md"
}

# The machine, as key: value lines.
machine() {
  local model mem os virt
  model=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
  [ -n "$model" ] || model=$(LC_ALL=C lscpu 2>/dev/null | awk -F': *' '/^Model name/ { print $2; exit }')
  mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
  os=$(. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-?}")
  virt=$(systemd-detect-virt 2>/dev/null) || virt=""
  echo "- CPUs (nproc): $(nproc)"
  echo "- CPU model: ${model:-unknown}"
  echo "- memory: $mem"
  echo "- kernel: $(uname -srm)"
  echo "- OS: ${os:-unknown}"
  [ -n "$virt" ] && echo "- virtualisation (systemd-detect-virt): $virt"
  echo "- compiler: $(${CC:-cc} --version 2>/dev/null | head -n 1)"
  echo "- SQLite library: $(pkg-config --modversion sqlite3 2>/dev/null || echo unknown)"
  echo "- PostgreSQL: server ${PG_VERSION:-not measured}; libpq $(pkg-config --modversion libpq 2>/dev/null || echo unknown)"
  echo "- libmicrohttpd: $(pkg-config --modversion libmicrohttpd 2>/dev/null || echo unknown)"
  echo "- wrk: $(wrk -v 2>&1 | head -n 1 | awk '{ print $2 }')"
}

commit() {
  local c
  c=$(git rev-parse HEAD 2>/dev/null) || { echo "unknown (not a git checkout)"; return; }
  if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    echo "$c (with uncommitted changes in the working tree)"
  else
    echo "$c"
  fi
}

figures() {
  echo "| backend | endpoint | requests/s | p50 ms | p99 ms | requests | non-2xx/3xx | socket errors |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|"
  cat "$WORK/rows.md" 2>/dev/null
}

memory() {
  echo "| backend | RSS after start | peak after one login | peak at end (VmHWM) | RSS at end |"
  echo "|---|---:|---:|---:|---:|"
  cat "$WORK/memory.md" 2>/dev/null
}

write_results() {
  local sanitized="no"
  ldd "$BIN" 2>/dev/null | grep -q 'libasan\|libubsan' && sanitized="yes (figures are not representative)"
  mkdir -p "$RESULTS_DIR" || return 1
  {
    echo "# tdkt benchmark, $(date -u +%Y-%m-%d)"
    echo
    echo "- date: $STARTED"
    echo "- commit: $(commit)"
    echo "- binary: ${BIN#"$PWD"/}, sanitizers: $sanitized"
    echo "- server: \`tdkt serve --threads $SRV_THREADS\` on 127.0.0.1, fresh database seeded by \`tdkt init\` + \`tdkt demo\`"
    echo "- load: wrk on the same machine, $WRK_THREADS threads, $CONNS connections, $DURATION per run after a $WARMUP warm-up"
    echo "- PostgreSQL: $PG_STATUS"
    echo "- load average (1, 5, 15 min): $LOAD_START before, $(cut -d' ' -f1-3 /proc/loadavg) after"
    echo
    echo "## Machine"
    echo
    machine
    echo
    echo "## Commands"
    echo
    echo "The bearer token for /api/v1/units comes from one \`POST /api/v1/login\` as admin;"
    echo "bench/auth.lua reads it from TDKT_TOKEN and sets the Authorization header."
    echo
    echo '```'
    cat "$WORK/commands.txt" 2>/dev/null
    echo '```'
    echo
    echo "## Throughput and latency"
    echo
    figures
    echo
    cat "$WORK/sizes.md" 2>/dev/null
    echo
    echo "## Server memory (from /proc/PID/status)"
    echo
    memory
    echo
    echo "The peak after one login includes the Argon2id hash of that login (libsodium, 64 MiB)."
  } >"$RESULT_FILE.tmp" && mv "$RESULT_FILE.tmp" "$RESULT_FILE"
}

# --- SQLite ----------------------------------------------------------------
if ! run_backend sqlite "sqlite:$WORK/bench.db"; then
  die "the SQLite run failed; no results written"
fi
PG_STATUS="skipped (BENCH_PG=0)"
[ "$WANT_PG" = 1 ] && PG_STATUS="not measured (tests/pg.sh is missing)"
write_results || die "cannot write $RESULT_FILE"

# --- PostgreSQL (a failure here keeps the SQLite figures) ------------------
PG_FAILED=0
if [ "$WANT_PG" = 1 ] && [ -f tests/pg.sh ]; then
  PG_DIR=$(mktemp -d /tmp/tdkt-pg.XXXXXX) || PG_DIR=""
  PG_URL=""
  if [ -n "$PG_DIR" ]; then
    PG_URL=$(bash tests/pg.sh start "$PG_DIR" 2>"$WORK/pg-start.log") || PG_URL=""
  fi
  if [ -z "$PG_URL" ]; then
    PG_FAILED=1; PG_STATUS="failed: the throw-away cluster did not start"
    warn "PostgreSQL cluster did not start:"; cat "$WORK/pg-start.log" >&2 2>/dev/null
  else
    PG_VERSION=$(psql "$PG_URL" -tAX -c 'SHOW server_version' 2>/dev/null | awk '{ print $1 }')
    if run_backend postgresql "$PG_URL"; then
      PG_STATUS="measured on a throw-away local cluster (Unix socket, fsync off)"
    else
      PG_FAILED=1; PG_STATUS="failed during the run (see the SQLite figures only)"
    fi
  fi
  stop_pg
  write_results || die "cannot write $RESULT_FILE"
fi

echo
figures
echo
memory
echo
echo "Written to $RESULT_FILE"
[ "$PG_FAILED" -eq 0 ] || { warn "the PostgreSQL run failed; SQLite figures are in $RESULT_FILE"; exit 1; }
