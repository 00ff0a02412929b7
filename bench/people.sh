#!/usr/bin/env bash
# Issue 3 figures, end to end over HTTP with one client (one curl signed in as
# the city's officer canbo.hanoi, one request at a time over one kept-alive
# connection, as a browser): accent-free search of people and of units, and one page of 50
# people of a subtree in official order, for the whole city, a ward and one
# company, each as the first page and as a deep page (keyset position of a
# random member of the subtree); the city's unit page and its units through
# the API, a page of 100. Seeds `tdkt demo --scale $SCALE` (default
# small; medium is ~1M people and takes ~7 min to build on SQLite) into a
# fresh SQLite database. Prints the figures and writes
# bench/results/people-SCALE-DATE.md (BENCH_OUT overrides the file).
# Usage: bash bench/people.sh [build/tdkt]
#        BENCH_DB=/path/to/existing.db bash bench/people.sh   (measure a database
#        already built, e.g. by `tdkt demo --scale medium --password matkhau123`;
#        SCALE then only labels it)
#        BENCH_OFFSET=1: deep pages with ?offset= (binaries before keyset paging)
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
# How much of the file the OS page cache holds decides the deep pages' tails
# (rows no earlier page touched): recorded with the figures.
CACHED=$(fincore --noheadings --output RES,SIZE "$DBFILE" 2>/dev/null | awk '{ print $1 " of " $2 }')
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
PORT=$(shuf -i 20000-60000 -n 1)
"$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --threads 2 >"$WORK/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.05; done
TOKEN=$(curl -s -X POST -H 'Content-Type: application/json' -d '{"login":"canbo.hanoi","password":"matkhau123"}' \
  "http://127.0.0.1:$PORT/api/v1/login" | jq -r .token)
q() { sqlite3 "$DBFILE" "$1"; }
PEOPLE=$(q "SELECT COUNT(*) FROM persons")
# The subtrees: the city, its largest ward, the largest company right under the city.
members() { echo "SELECT COUNT(*) FROM unit_tree t JOIN memberships m ON m.unit_id = t.descendant_id AND m.to_date IS NULL
                  WHERE t.ancestor_id = $1 AND t.valid_to IS NULL"; }
largest() {
  q "SELECT u.id FROM units u JOIN unit_tree t ON t.ancestor_id = u.id AND t.valid_to IS NULL
     JOIN memberships m ON m.unit_id = t.descendant_id AND m.to_date IS NULL
     WHERE u.parent_id = (SELECT id FROM units WHERE code = 'HN') AND u.code LIKE '$1'
     GROUP BY u.id ORDER BY COUNT(*) DESC LIMIT 1"
}
CITY=$(q "SELECT id FROM units WHERE code = 'HN'")
WARD=$(largest 'HN-P-%')
FIRM=$(largest 'HN-%-FDI%')
for u in CITY WARD FIRM; do
  eval "${u}_N=\$(q \"\$(members \$$u)\")"
  eval "${u}_NAME=\$(q \"SELECT name FROM units WHERE id = \$$u\")"
done

QUERIES=(nguyen "nguyen van" "tran thi" duc "le van an" pham "hoang minh" "ngoc anh" "thu ha" vu "do duc"
         "bui thi lan" "dang quang" "phan thanh" hung "nguyen thi huong" "vo van" lan "tran quoc" "le thi mai")
UNIT_QUERIES=("cong doan" "cong ty" "truong" "benh vien" "phuong" "hoan kiem" "cong ty tnhh" "mam non" "viet nam" "cau giay")

# time_each FILE URL…: one request per URL, in turn, from one curl over one
# kept-alive connection (as a browser does; a curl started per request adds
# ~1 ms of its own to each figure); one latency (ms) per line into FILE.
time_each() {
  local out=$1 url; shift
  for url in "$@"; do printf 'url = "%s"\noutput = "/dev/null"\n' "$url"; done >"$WORK/urls.cfg"
  curl -s -K "$WORK/urls.cfg" -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" |
    awk '{ printf "%.3f\n", $1 * 1000 }' >"$out"
}
uri() { jq -rn --arg s "$1" '$s|@uri'; }
base="http://127.0.0.1:$PORT/api/v1"
search_urls() {
  local kind=$1; shift
  local qs=("$@") i
  for i in $(seq 1 "$N"); do echo "$base/search?kind=$kind&q=$(uri "${qs[$(( i % ${#qs[@]} ))]}")&limit=20"; done
}
first_urls() { for _ in $(seq 1 "$N"); do echo "$base/people?unit_id=$1&subtree=1&limit=50"; done; }
# Deep pages: after the position of random members (keyset), or at random offsets.
deep_urls() {
  if [ "${BENCH_OFFSET:-0}" = 1 ]; then
    local i pages=$(( ($2 + 49) / 50 ))
    for i in $(seq 1 "$N"); do echo "$base/people?unit_id=$1&subtree=1&limit=50&offset=$(( (i * 7919 % pages) * 50 ))"; done
  else
    q "SELECT p.id || '-' || replace(p.order_key, ' ', '_') FROM unit_tree t
       JOIN memberships m ON m.unit_id = t.descendant_id AND m.to_date IS NULL JOIN persons p ON p.id = m.person_id
       WHERE t.ancestor_id = $1 AND t.valid_to IS NULL ORDER BY random() LIMIT $N" |
      while read -r pos; do echo "$base/people?unit_id=$1&subtree=1&limit=50&after=$pos"; done
  fi
}
pct() { sort -n "$2" | awk -v p="$1" '{ a[NR] = $1 } END { i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; printf "%.2f", a[i] }'; }
ROWS=""
measure() { # LABEL TARGET URL-PRODUCER ARGS…
  local label=$1 target=$2 f="$WORK/m.ms"; shift 2
  mapfile -t urls < <("$@")
  time_each "$f" "${urls[@]:0:20}" # warm-up
  time_each "$f" "${urls[@]}"
  ROWS+="| $label | $(pct 50 "$f") | $(pct 99 "$f") | $target |"$'\n'
  echo "bench: $label: p50 $(pct 50 "$f") ms, p99 $(pct 99 "$f") ms" >&2
}

health_urls() { for _ in $(seq 1 "$N"); do echo "http://127.0.0.1:$PORT/healthz"; done; }
measure "GET /healthz (the floor: server and client, no database)" "" health_urls
measure "search people without diacritics (20 queries, 20 hits)" "p99 < 5 ms" search_urls people "${QUERIES[@]}"
measure "search units without diacritics (10 queries, 20 hits)" "p99 < 5 ms" search_urls units "${UNIT_QUERIES[@]}"
for u in CITY WARD FIRM; do
  eval "id=\$$u n=\$${u}_N name=\$${u}_NAME"
  measure "$name ($n people): first page of 50" "p99 < 10 ms" first_urls "$id"
  measure "$name ($n people): deep page of 50" "p99 < 10 ms" deep_urls "$id" "$n"
done

# The city's own page (its first 100 units and its history) and its units
# through the API, 100 a page (before 07/12/2026 both listed every unit).
KIDS=$(q "SELECT COUNT(*) FROM unit_tree t JOIN units u ON u.id = t.descendant_id WHERE t.ancestor_id = $CITY
          AND t.depth = 1 AND t.valid_to IS NULL AND u.valid_to IS NULL")
unit_page_urls() { for _ in $(seq 1 "$N"); do echo "http://127.0.0.1:$PORT/units/$1"; done; }
units_api_urls() { for i in $(seq 1 "$N"); do echo "$base/units?parent_id=$1&limit=100&offset=$(( i % 10 * 100 ))"; done; }
bytes() { curl -s -o /dev/null -w '%{size_download}' -H "Authorization: Bearer $TOKEN" "$1"; }
measure "the city's page ($KIDS units, first 100; $(bytes "http://127.0.0.1:$PORT/units/$CITY") bytes)" "" unit_page_urls "$CITY"
measure "its units through the API, 100 a page ($(bytes "$base/units?parent_id=$CITY&limit=100") bytes)" "" units_api_urls "$CITY"

mkdir -p bench/results
OUT=${BENCH_OUT:-bench/results/people-$SCALE-$(date -u +%Y-%m-%d).md}
{
  echo "# tdkt people benchmark, $(date -u +%Y-%m-%d)"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); commit: $(git rev-parse HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (uncommitted changes)'); binary: ${BIN#"$PWD"/}"
  echo "- data: \`tdkt demo --scale $SCALE\` on SQLite: $PEOPLE people ($seed_s)"
  echo "- client: one curl as canbo.hanoi (officer of the whole city), one request at a time over one kept-alive loopback connection, $N requests per figure after 20 warm-up (time_total)"
  echo "- deep pages: $([ "${BENCH_OFFSET:-0}" = 1 ] && echo "?offset= at random pages" || echo "?after= the position of a random member (keyset)")"
  echo "- database file in the OS page cache before the run: ${CACHED:-unknown} (this machine keeps ~2 GiB of file pages)"
  echo "- machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')),"\
       "$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sr),"\
       "$(. /etc/os-release; echo "$PRETTY_NAME"), SQLite $(sqlite3 --version | cut -d' ' -f1); load before: $LOAD"
  echo
  echo "| request | p50 ms | p99 ms | target (issue 3, medium data) |"
  echo "|---|---:|---:|---|"
  printf '%s' "$ROWS"
} >"$OUT"
cat "$OUT"
