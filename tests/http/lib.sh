# Sourced by every tests/http/tNNNN-topic.sh. Starts the real tdkt server on
# loopback with a fresh database (SQLite file, or a new PostgreSQL database
# in the run's throw-away cluster), seeded by `tdkt init` and `tdkt demo`, and
# gives small helpers that print TAP lines ("ok N - …" / "not ok N - …").
#
# Environment (set by tests/run.sh): TDKT_BIN (the binary), TDKT_BACKEND
# (sqlite|pg), TDKT_PG_DIR (the cluster, for pg).
#
# Seed accounts: admin/adminpass1 (administrator of TLD, the top unit);
# canbo.hanoi, canbo.badinh, canbo.haibatrung (officers of HN, HN-BD, HN-HBT)
# and lanhdao.hanoi (approver of HN), all with password matkhau123.
set -u

T_N=0
T_FAILED=0
T_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
T_WORK=$(mktemp -d /tmp/tdkt-http.XXXXXX)
TDKT_BIN=$(cd "$T_ROOT" && realpath "${TDKT_BIN:-build/tdkt}")
TDKT_BACKEND=${TDKT_BACKEND:-sqlite}
SERVER_PID=""

case "$TDKT_BACKEND" in
  sqlite) DB="sqlite:$T_WORK/tdkt.db" ;;
  pg)
    name="h_$(basename "$0" .sh | tr -c 'a-z0-9' '_')_$$"
    DB=$(bash "$T_ROOT/tests/pg.sh" newdb "$TDKT_PG_DIR" "$name") || { echo "not ok 1 - create PostgreSQL database"; exit 1; }
    ;;
  *) echo "not ok 1 - unknown backend $TDKT_BACKEND"; exit 1 ;;
esac

# tdkt ARGS…: the CLI on this test's database.
tdkt() { "$TDKT_BIN" "$@" --db "$DB"; }

# sql QUERY: runs QUERY directly on the test database (bypassing tdkt), prints
# rows as text with | between columns. For tamper tests and checks of storage.
sql() {
  if [ "$TDKT_BACKEND" = sqlite ]; then sqlite3 "${DB#sqlite:}" "$1"
  else psql "$DB" -qtAX -v ON_ERROR_STOP=1 -c "$1"; fi
}

# TAP: t_ok DESC COMMAND… passes when COMMAND succeeds.
t_ok() {
  local desc=$1; shift
  T_N=$((T_N + 1))
  if "$@" >/dev/null 2>&1; then echo "ok $T_N - $desc"; else echo "not ok $T_N - $desc"; T_FAILED=$((T_FAILED + 1)); fi
}
# t_eq DESC EXPECTED ACTUAL
t_eq() {
  T_N=$((T_N + 1))
  if [ "$2" = "$3" ]; then echo "ok $T_N - $1"; else
    echo "not ok $T_N - $1"; echo "#   expected: $2"; echo "#   actual:   $3"; T_FAILED=$((T_FAILED + 1)); fi
}
# t_match DESC REGEX TEXT (grep -E)
t_match() {
  T_N=$((T_N + 1))
  if printf '%s' "$3" | grep -qE -- "$2"; then echo "ok $T_N - $1"; else
    echo "not ok $T_N - $1"; echo "#   wanted /$2/ in: $(printf '%s' "$3" | head -c 400)"; T_FAILED=$((T_FAILED + 1)); fi
}
# t_nomatch DESC REGEX TEXT
t_nomatch() {
  T_N=$((T_N + 1))
  if ! printf '%s' "$3" | grep -qE -- "$2"; then echo "ok $T_N - $1"; else
    echo "not ok $T_N - $1"; echo "#   found /$2/ in: $(printf '%s' "$3" | grep -oE -- ".{0,80}$2.{0,80}" | head -1)"; T_FAILED=$((T_FAILED + 1)); fi
}

# A free loopback port below the kernel's ephemeral range (32768+), so that no
# client socket of this machine can take it between the probe and the bind.
pick_port() {
  local p
  for p in $(shuf -i 10000-32000 -n 50); do
    if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}

# serve LOG [ARGS…]: starts the server on this test's database on a free port,
# waits for /healthz; sets PORT, BASE and SERVER_PID. A port taken in the
# meantime by another process is retried on a fresh one. Returns 1 (the log
# left in LOG) when the server does not come up.
serve() {
  local log=$1 attempt; shift
  for attempt in 1 2 3 4 5; do
    PORT=$(pick_port) || return 1
    BASE="http://127.0.0.1:$PORT"
    "$TDKT_BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --threads 2 "$@" >"$log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 200); do
      curl -sf "$BASE/healthz" >/dev/null 2>&1 && return 0
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.05
    done
    if kill -0 "$SERVER_PID" 2>/dev/null; then return 1; fi
    wait "$SERVER_PID" 2>/dev/null
    SERVER_PID=""
    grep -q 'cannot listen' "$log" || return 1
  done
  return 1
}

# Seeds the database and starts the server; BASE is its URL.
start_server() {
  tdkt init --password adminpass1 >"$T_WORK/init.log" 2>&1 || { echo "not ok 1 - tdkt init"; cat "$T_WORK/init.log"; exit 1; }
  tdkt demo --scale tiny --password matkhau123 >>"$T_WORK/init.log" 2>&1 || { echo "not ok 1 - tdkt demo"; cat "$T_WORK/init.log"; exit 1; }
  serve "$T_WORK/server.log" "$@" && return 0
  echo "not ok 1 - server did not start"; cat "$T_WORK/server.log"; exit 1
}

# Stops the server with SIGTERM; SERVER_RC is its exit status.
stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null
  wait "$SERVER_PID"
  SERVER_RC=$?
  SERVER_PID=""
}

finish() {
  stop_server
  T_N=$((T_N + 1))
  if grep -qE 'Sanitizer|runtime error|fatal' "$T_WORK/server.log" 2>/dev/null; then
    echo "not ok $T_N - server log free of sanitizer reports and fatal errors"; T_FAILED=$((T_FAILED + 1))
    grep -E -A20 'Sanitizer|runtime error|fatal' "$T_WORK/server.log" | head -40 | sed 's/^/# /'
  else
    echo "ok $T_N - server log free of sanitizer reports and fatal errors"
  fi
  rm -rf "$T_WORK"
  [ "$T_FAILED" -eq 0 ]
}
trap 'finish; exit $?' EXIT

# http METHOD PATH [curl args…]: sets STATUS, BODY and HEADERS (lower-case names).
http() {
  local method=$1 path=$2; shift 2
  STATUS=$(curl -s -o "$T_WORK/body" -D "$T_WORK/headers" -X "$method" -w '%{http_code}' "$@" "$BASE$path")
  BODY=$(cat "$T_WORK/body")
  HEADERS=$(tr -d '\r' <"$T_WORK/headers" | tr 'A-Z' 'a-z')
}

# api METHOD PATH TOKEN [JSON]: JSON API call with a bearer token ("" for none).
api() {
  local method=$1 path=$2 token=$3 json=${4:-}
  local args=(-H 'Accept: application/json')
  [ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
  [ -n "$json" ] && args+=(-H 'Content-Type: application/json' --data-binary "$json")
  http "$method" "$path" "${args[@]}"
}

# api_login LOGIN PASSWORD: prints the session token (empty on failure).
api_login() {
  api POST /api/v1/login "" "$(jq -nc --arg l "$1" --arg p "$2" '{login:$l,password:$p}')"
  printf '%s' "$BODY" | jq -r '.token // empty'
}

# Browser-like session in cookie jar JAR: ui_login JAR LOGIN PASSWORD.
ui_login() {
  local jar=$1
  curl -s -c "$jar" -b "$jar" "$BASE/login" -o "$T_WORK/login.html"
  local csrf
  csrf=$(grep -o 'name="csrf" value="[^"]*"' "$T_WORK/login.html" | head -1 | sed 's/.*value="//; s/"$//')
  http POST /login -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" --data-urlencode "login=$2" --data-urlencode "password=$3"
}

# csrf_of JAR PATH: the CSRF token found in the page PATH.
csrf_of() {
  curl -s -b "$1" "$BASE$2" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'
}
