#!/usr/bin/env bash
# Issue 3 figure: importing 1 million people from CSV on SQLite, against the
# sqlite3 shell's .import of the same rows into a table of the same shape
# (the file's eight columns), both measured in this run on this machine.
# Also times the dry run, and importing the same file again (a no-op), and
# floors of SQLite alone storing the same rows in tdkt's tables.
# Writes bench/results/import-DATE.md. Never part of `make test`.
# Usage: bash bench/import.sh [build/tdkt]     (BENCH_ROWS=1000000 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${1:-build/tdkt}")
ROWS=${BENCH_ROWS:-1000000}
RESULTS=${BENCH_RESULTS_DIR:-bench/results}
WORK=$(mktemp -d /tmp/tdkt-bench-import.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
DB="sqlite:$WORK/tdkt.db"

# A deterministic file (bench/people.awk).
awk -v n="$ROWS" -f bench/people.awk >"$WORK/people.csv"
SIZE=$(du -h "$WORK/people.csv" | cut -f1)

"$BIN" init --db "$DB" --password adminpass1 >/dev/null
"$BIN" demo --db "$DB" --scale tiny --password matkhau123 >/dev/null

cp "$WORK/tdkt.db" "$WORK/floor.db"
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
now() { date +%s.%N; }
# timed NAME CMD…: runs CMD; NAME.s gets the wall seconds, NAME.kb the peak memory.
timed() {
  local name=$1 s kb; shift
  /usr/bin/time -f '%e %M' -o "$WORK/$name.time" "$@" >"$WORK/$name.txt"
  read -r s kb <"$WORK/$name.time"
  printf '%s' "$s" >"$WORK/$name.s"; printf '%s' "$kb" >"$WORK/$name.kb"
}

timed dry "$BIN" import people "$WORK/people.csv" --dry-run --db "$DB"
timed import "$BIN" import people "$WORK/people.csv" --db "$DB"
timed again "$BIN" import people "$WORK/people.csv" --db "$DB"
DRY=$(cat "$WORK/dry.s"); IMPORT=$(cat "$WORK/import.s"); AGAIN=$(cat "$WORK/again.s"); PEAK=$(cat "$WORK/import.kb")
PEOPLE=$(sqlite3 "$WORK/tdkt.db" "SELECT COUNT(*) FROM persons")
DBSIZE=$(du -h "$WORK/tdkt.db" | cut -f1)

# The same rows with the sqlite3 shell, into a table of the same shape.
shape="CREATE TABLE people (full_name TEXT, gender TEXT, birth_date TEXT, cccd TEXT, phone TEXT, unit_code TEXT,
       position TEXT, from_date TEXT);"
t0=$(now); sqlite3 "$WORK/shell.db" "PRAGMA journal_mode = WAL;" "$shape" ".import --csv --skip 1 $WORK/people.csv people" >/dev/null; t1=$(now)
SHELL_PLAIN=$(secs "$t0" "$t1")
# … and with the indexes tdkt keeps on such rows (CCCD unique, name + birth).
t0=$(now); sqlite3 "$WORK/shell2.db" "PRAGMA journal_mode = WAL;" "$shape" \
  "CREATE UNIQUE INDEX people_cccd ON people(cccd); CREATE INDEX people_name ON people(full_name, birth_date);" \
  ".import --csv --skip 1 $WORK/people.csv people" >/dev/null; t1=$(now)
SHELL_IDX=$(secs "$t0" "$t1")
SHELL_ROWS=$(sqlite3 "$WORK/shell.db" "SELECT COUNT(*) FROM people")
# The floor of the storage alone: the same rows into tdkt's own tables (persons
# with its indexes and the FTS5 triggers, memberships) with one INSERT … SELECT
# each, lower() and the name itself standing in for the folded name, its word
# pairs and the sort key — no checks, no lookups, no audit. Then the faithful
# floor: the rows tdkt wrote (its real folded names, pairs and sort keys, 60
# bytes where lower() gives 13) copied into the same tables of the database as
# it was before the import, with the page cache tdkt's import runs with
# (db_bulk_begin): what SQLite alone needs to store these very rows.
cat >"$WORK/floor.sql" <<SQL
CREATE TEMP TABLE people (full_name TEXT, gender TEXT, birth_date TEXT, cccd TEXT, phone TEXT, unit_code TEXT,
       position TEXT, from_date TEXT);
.import --csv --skip 1 $WORK/people.csv people
BEGIN;
INSERT INTO persons (full_name, name_fold, name_pairs, order_key, gender, birth_date, cccd, phone, created_at,
                     updated_at)
  SELECT full_name, lower(full_name), lower(full_name), full_name, CASE gender WHEN 'Nam' THEN 'M' ELSE 'F' END,
         birth_date, cccd, phone, 1, 1 FROM temp.people;
INSERT INTO memberships (person_id, unit_id, position, from_date, order_key)
  SELECT p.id, u.id, t.position, t.from_date, p.order_key FROM temp.people t JOIN persons p ON p.cccd = t.cccd
  JOIN units u ON u.code = t.unit_code;
COMMIT;
SQL
cp "$WORK/floor.db" "$WORK/floor2.db"
cp "$WORK/floor.db" "$WORK/floor3.db"
t0=$(now); sqlite3 "$WORK/floor.db" <"$WORK/floor.sql" >/dev/null; t1=$(now)
FLOOR=$(secs "$t0" "$t1")
BULK_KIB=$(sed -n 's/^#define DB_BULK_CACHE_KIB \([0-9]*\).*/\1/p' src/db/db.h)
MAXP=$(sqlite3 "$WORK/floor2.db" "SELECT COALESCE(MAX(id), 0) FROM persons")
MAXM=$(sqlite3 "$WORK/floor2.db" "SELECT COALESCE(MAX(id), 0) FROM memberships")
# copy_floor DB PRAGMA…: seconds to copy the rows tdkt wrote into DB's tables.
copy_floor() {
  local db=$1 t0 t1; shift
  t0=$(now)
  sqlite3 "$db" "$@" "PRAGMA cache_size = -$BULK_KIB;" "ATTACH '$WORK/tdkt.db' AS src;" "BEGIN;" \
    "INSERT INTO persons SELECT * FROM src.persons WHERE id > $MAXP;" \
    "INSERT INTO memberships SELECT * FROM src.memberships WHERE id > $MAXM;" "COMMIT;" >/dev/null
  t1=$(now); secs "$t0" "$t1"
}
FLOOR_CACHE=$(copy_floor "$WORK/floor2.db")
# … and once more with the foreign keys checked, as every tdkt connection
# does (db_open); the shell leaves them off.
FLOOR_FK=$(copy_floor "$WORK/floor3.db" "PRAGMA foreign_keys = ON;")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
RATIO=$(ratio "$IMPORT" "$SHELL_PLAIN"); RATIO_IDX=$(ratio "$IMPORT" "$SHELL_IDX")
RATIO_FLOOR=$(ratio "$IMPORT" "$FLOOR"); RATIO_FLOOR_CACHE=$(ratio "$IMPORT" "$FLOOR_CACHE")
RATIO_FLOOR_FK=$(ratio "$IMPORT" "$FLOOR_FK")

DATE=$(date +%F)
mkdir -p "$RESULTS"
OUT="$RESULTS/import-$DATE.md"
{
  echo "# Import of $ROWS people from CSV — $DATE"
  echo
  echo "Commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)'), \`bash bench/import.sh\`."
  echo
  echo "Machine: $(nproc) CPUs ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM,"
  echo "$(uname -sr), $(. /etc/os-release && echo "$PRETTY_NAME"), SQLite $(sqlite3 --version | cut -d' ' -f1),"
  echo "$(cc --version | head -1), build \`-O2\`, files on $(df -T "$WORK" | awk 'NR == 2 {print $2}')."
  echo
  echo "The file: $ROWS rows, $SIZE (name, gender, birth date, a unique CCCD, phone, one of four unions, position, start date)."
  echo
  echo "| what | seconds | rows/s |"
  echo "|---|---:|---:|"
  for pair in "tdkt import people (commit)|$IMPORT" "tdkt import people --dry-run|$DRY" "tdkt import people, same file again (no change)|$AGAIN" \
              "sqlite3 .import, table of the same shape|$SHELL_PLAIN" "sqlite3 .import, same shape + CCCD unique + name index|$SHELL_IDX" \
              "sqlite3: same rows into tdkt's tables (indexes, FTS5), INSERT … SELECT, no checks or audit|$FLOOR" \
              "sqlite3: the rows tdkt wrote (its keys) into the same tables, INSERT … SELECT, tdkt's import page cache ($((BULK_KIB / 1024)) MiB)|$FLOOR_CACHE" \
              "sqlite3: the same, foreign keys checked as in tdkt|$FLOOR_FK"; do
    echo "| ${pair%%|*} | ${pair##*|} | $(awk -v s="${pair##*|}" -v n="$ROWS" 'BEGIN { printf "%d", n / s }') |"
  done
  echo
  echo "**Ratio: tdkt / sqlite3 .import = $RATIO×** (against the indexed table: $RATIO_IDX×; against the same rows in"
  echo "tdkt's tables: $RATIO_FLOOR×; against tdkt's own rows copied with the same page cache: $RATIO_FLOOR_CACHE×;"
  echo "the same with foreign keys checked: $RATIO_FLOOR_FK×)."
  echo "Target in issue 3: ≤ 1.5×."
  echo
  echo "tdkt wrote $PEOPLE people (the shell $SHELL_ROWS rows); database $DBSIZE; peak memory of an import run $PEAK KiB."
  echo
  echo "Summary line of the import: $(tail -1 "$WORK/import.txt")"
} >"$OUT"
cat "$OUT"
