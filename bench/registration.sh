#!/usr/bin/env bash
# Issue 4 figure, end to end over HTTP with one client (curl): bulk
# registration of 10 thousand people for one title in one request
# (POST /api/v1/movements/ID/registrations with a JSON list of ids), and the
# same through the screen's "all members of the unit" form; then the
# import of the same 10 thousand from a CSV list, and the registration
# screen of that unit. Seeds `tdkt demo --scale tiny` into a fresh SQLite
# database and imports $PEOPLE people into one grassroots union (Công đoàn
# Công ty Dệt 8-3) with `tdkt import people`. Each run registers into a
# movement of its own (created and launched through the API), so every run
# writes all $PEOPLE registrations and their audit entries.
# Writes bench/results/registration-DATE.md.
# Usage: bash bench/registration.sh [build/tdkt]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${1:-build/tdkt}")
PEOPLE=${BENCH_PEOPLE:-10000}
N=${BENCH_REQUESTS:-5}
WORK=$(mktemp -d /tmp/tdkt-bench.XXXXXX)
DBFILE=$WORK/tdkt.db
DB="sqlite:$DBFILE"
PID=""
cleanup() { [ -n "$PID" ] && kill -TERM "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

"$BIN" init --db "$DB" --password adminpass1 >/dev/null
"$BIN" demo --db "$DB" --scale tiny --password matkhau123 >/dev/null
# $PEOPLE members of Dệt 8-3, each with a CCCD (for the list import below).
awk -v n="$PEOPLE" 'BEGIN {
  split("Nguyễn Trần Lê Phạm Hoàng Vũ Đặng Bùi Đỗ Ngô", f, " ");
  split("Văn Thị Minh Thu Đức Ngọc", m, " ");
  split("An Bình Cường Dung Đức Hà Lan Mai Nam Phúc Quân Sơn Thảo Trang Yến", g, " ");
  print "Họ và tên,Ngày sinh,Số CCCD,Mã đơn vị";
  for (i = 1; i <= n; i++)
    printf "%s %s %s,%02d/%02d/%d,0010%08d,HN-HBT-DM8-3\n", f[i % 10 + 1], m[i % 6 + 1], g[i % 15 + 1],
           i % 28 + 1, i % 12 + 1, 1965 + i % 40, i;
}' >"$WORK/people.csv"
"$BIN" import people "$WORK/people.csv" --db "$DB" >/dev/null
awk -F, 'NR > 1 { printf "%s,%s,Lao động tiên tiến,Hoàn thành tốt nhiệm vụ\n", $1, $3 }
         NR == 1 { print "Họ và tên,Số CCCD,Danh hiệu đăng ký,Chỉ tiêu" }' "$WORK/people.csv" >"$WORK/reg.csv"

PORT=$(shuf -i 10000-32000 -n 1)
"$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --threads 2 >"$WORK/server.log" 2>&1 &
PID=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.05; done
TOKEN=$(curl -s -X POST -H 'Content-Type: application/json' -d '{"login":"canbo.hanoi","password":"matkhau123"}' \
  "$BASE/api/v1/login" | jq -r .token)
JAR=$WORK/jar
curl -s -c "$JAR" "$BASE/login" -o "$WORK/login.html"
CSRF=$(grep -o 'name="csrf" value="[^"]*"' "$WORK/login.html" | head -1 | sed 's/.*value="//; s/"$//')
curl -s -b "$JAR" -c "$JAR" -o /dev/null --data-urlencode "csrf=$CSRF" --data-urlencode login=canbo.hanoi \
  --data-urlencode password=matkhau123 "$BASE/login"
HN=$(sqlite3 "$DBFILE" "SELECT id FROM units WHERE code = 'HN'")
DM=$(sqlite3 "$DBFILE" "SELECT id FROM units WHERE code = 'HN-HBT-DM8-3'")
MEMBERS=$(sqlite3 "$DBFILE" "SELECT COUNT(*) FROM memberships WHERE unit_id = $DM AND to_date IS NULL")
sqlite3 "$DBFILE" "SELECT person_id FROM memberships WHERE unit_id = $DM AND to_date IS NULL" |
  jq -sc '{title_code: "IND_LDTT", targets: "Hoàn thành tốt nhiệm vụ", people: .}' >"$WORK/body.json"

api() { curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }
# A new launched movement of HN; prints its id.
movement() {
  local m
  m=$(api -d "{\"name\":\"Thi đua đo hiệu năng $1\",\"kind\":\"thuong_xuyen\",\"period_from\":\"2026-01-01\",\"period_to\":\"2026-12-31\"}" \
    "$BASE/api/v1/units/$HN/movements" | jq -r .id)
  api -o /dev/null -d '{"state":"launched","date":"2026-01-05"}' "$BASE/api/v1/movements/$m/state"
  echo "$m"
}
ms() { awk '{ printf "%.1f\n", $1 * 1000 }'; }
check() { [ "$(sqlite3 "$DBFILE" "SELECT COUNT(*) FROM registrations WHERE movement_id = $1")" = "$MEMBERS" ] ||
  { echo "run on movement $1 did not register all $MEMBERS" >&2; exit 1; }; }
for i in $(seq 1 "$N"); do
  m=$(movement "json $i")
  api -o /dev/null -w '%{time_total}\n' --data-binary "@$WORK/body.json" "$BASE/api/v1/movements/$m/registrations"
  check "$m"
done | ms >"$WORK/json.ms"
for i in $(seq 1 "$N"); do
  m=$(movement "form $i")
  CSRF=$(curl -s -b "$JAR" "$BASE/movements/$m/registrations?unit_id=$DM" | grep -o 'name="csrf" value="[^"]*"' |
    head -1 | sed 's/.*value="//; s/"$//')
  curl -s -o /dev/null -w '%{time_total}\n' -b "$JAR" --data-urlencode "csrf=$CSRF" --data-urlencode "unit_id=$DM" \
    --data-urlencode all_members=1 --data-urlencode title_code=IND_LDTT "$BASE/movements/$m/registrations"
  check "$m"
done | ms >"$WORK/form.ms"
for i in $(seq 1 "$N"); do
  m=$(movement "import $i")
  curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/csv' \
    --data-binary "@$WORK/reg.csv" "$BASE/api/v1/movements/$m/registrations/import"
  check "$m"
done | ms >"$WORK/import.ms"
m=$(sqlite3 "$DBFILE" "SELECT MAX(movement_id) FROM registrations")
for i in $(seq 1 "$N"); do
  curl -s -o /dev/null -w '%{time_total}\n' -b "$JAR" "$BASE/movements/$m/registrations?unit_id=$DM"
done | ms >"$WORK/page.ms"
PAGE_KB=$(curl -s -b "$JAR" "$BASE/movements/$m/registrations?unit_id=$DM" | wc -c | awk '{printf "%.0f", $1/1024}')
RSS=$(awk '/VmHWM/ {printf "%.0f MiB", $2/1024}' "/proc/$PID/status")

med() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
max() { sort -n | tail -1; }
mkdir -p bench/results
OUT=bench/results/registration-$(date -u +%Y-%m-%d).md
{
  echo "# tdkt bulk registration benchmark, $(date -u +%Y-%m-%d)"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); commit: $(git rev-parse HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (uncommitted changes)')"
  echo "- data: \`tdkt demo --scale tiny\` on SQLite plus $MEMBERS members of one grassroots union imported from CSV"
  echo "- client: curl as canbo.hanoi over loopback, one request at a time; $N runs per figure, each into a new launched movement (all $MEMBERS registrations and their audit entries written every time)"
  echo "- machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')),"\
       "$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sr),"\
       "$(. /etc/os-release; echo "$PRETTY_NAME"), SQLite $(sqlite3 --version | cut -d' ' -f1); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- server peak resident memory at the end: $RSS"
  echo
  echo "| request | median ms | max ms | target (issue 4) |"
  echo "|---|---:|---:|---|"
  echo "| $MEMBERS people, one title, JSON list of ids (API) | $(med <"$WORK/json.ms") | $(max <"$WORK/json.ms") | < 2000 ms |"
  echo "| $MEMBERS people, one title, screen form «tất cả đoàn viên» | $(med <"$WORK/form.ms") | $(max <"$WORK/form.ms") | < 2000 ms |"
  echo "| import of a CSV list of $MEMBERS rows (checked row by row, then written) | $(med <"$WORK/import.ms") | $(max <"$WORK/import.ms") | — |"
  echo "| registration screen of the unit (first 1000 members with check boxes, ${PAGE_KB} KiB) | $(med <"$WORK/page.ms") | $(max <"$WORK/page.ms") | — |"
} >"$OUT"
cat "$OUT"
