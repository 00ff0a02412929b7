#!/usr/bin/env bash
# Issue 3 figures, end to end over HTTP with one client (curl, one request at
# a time): accent-free name search, and one page of 50 people of the city's
# subtree in official order. Seeds `tdkt demo --scale $SCALE` (default small;
# medium is ~1M people and takes ~20 min to build on SQLite) into a fresh
# SQLite database. Prints the figures and writes bench/results/people-DATE.md.
# Usage: bash bench/people.sh [build/tdkt]
#        BENCH_DB=/path/to/existing.db bash bench/people.sh   (measure a database
#        already built, e.g. by `tdkt demo --scale medium`; SCALE then only labels it)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${1:-build/tdkt}")
SCALE=${SCALE:-small}
N=${BENCH_REQUESTS:-500}
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
  "$BIN" demo --db "$DB" --scale "$SCALE" --password matkhau123 >/dev/null
  seed_s="built in $(( $(date +%s) - start )) s"
fi
PORT=$(shuf -i 20000-60000 -n 1)
"$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --threads 2 >"$WORK/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.05; done
TOKEN=$(curl -s -X POST -H 'Content-Type: application/json' -d '{"login":"admin","password":"adminpass1"}' \
  "http://127.0.0.1:$PORT/api/v1/login" | jq -r .token)
HN=$(sqlite3 "$DBFILE" "SELECT id FROM units WHERE code = 'HN'")
PEOPLE=$(sqlite3 "$DBFILE" "SELECT COUNT(*) FROM persons")

QUERIES=(nguyen "nguyen van" "tran thi" duc "le van an" pham "hoang minh" "ngoc anh" "thu ha" vu "do duc"
         "bui thi lan" "dang quang" "phan thanh" hung "nguyen thi huong" "vo van" lan "tran quoc" "le thi mai")

# time_each URL-PRODUCER: runs N requests, prints one latency (ms) per line.
time_each() {
  for i in $(seq 1 "$N"); do
    curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "$("$1" "$i")"
  done | awk '{ printf "%.3f\n", $1 * 1000 }'
}
search_url() {
  local q=${QUERIES[$(( $1 % ${#QUERIES[@]} ))]}
  echo "http://127.0.0.1:$PORT/api/v1/search?q=$(jq -rn --arg s "$q" '$s|@uri')&limit=20"
}
list_url() {
  local pages=$(( (PEOPLE + 49) / 50 )) off
  off=$(( ($1 * 7919 % pages) * 50 ))
  echo "http://127.0.0.1:$PORT/api/v1/people?unit_id=$HN&subtree=1&limit=50&offset=$off"
}
pct() { sort -n | awk -v p="$1" '{ a[NR] = $1 } END { i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; printf "%.2f", a[i] }'; }

time_each search_url >"$WORK/search.ms"
time_each list_url >"$WORK/list.ms"
S50=$(pct 50 <"$WORK/search.ms"); S99=$(pct 99 <"$WORK/search.ms")
L50=$(pct 50 <"$WORK/list.ms"); L99=$(pct 99 <"$WORK/list.ms")

mkdir -p bench/results
OUT=bench/results/people-$SCALE-$(date -u +%Y-%m-%d).md
{
  echo "# tdkt people benchmark, $(date -u +%Y-%m-%d)"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); commit: $(git rev-parse HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (uncommitted changes)')"
  echo "- data: \`tdkt demo --scale $SCALE\` on SQLite: $PEOPLE people ($seed_s)"
  echo "- client: curl, one request at a time over loopback, $N requests per figure (time_total)"
  echo "- machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')),"\
       "$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sr),"\
       "$(. /etc/os-release; echo "$PRETTY_NAME"), SQLite $(sqlite3 --version | cut -d' ' -f1)"
  echo
  echo "| request | p50 ms | p99 ms | target (issue 3, medium data) |"
  echo "|---|---:|---:|---|"
  echo "| search by name without diacritics (20 queries, 20 hits) | $S50 | $S99 | p99 < 5 ms |"
  echo "| 50 people of the city subtree, official order, random page | $L50 | $L99 | p99 < 10 ms |"
} >"$OUT"
cat "$OUT"
