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

# The same deterministic rows as bench/import.sh: FILE gets the first N.
people() {
  awk -v n="$1" 'BEGIN {
    srand(20261122);
    split("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý", fam, " ");
    split("Văn Đức Minh Quang Hữu Xuân Thanh Ngọc", midm, " ");
    split("Thị Thu Hồng Ngọc Thanh Kim Minh Phương", midf, " ");
    split("An Bình Cường Dũng Đức Giang Hải Hùng Khoa Long Nam Phong Quân Sơn Tuấn Việt", givm, " ");
    split("Anh Hà Hạnh Hằng Hoa Hương Lan Linh Mai Nga Ngân Phương Thảo Trang Vy Yến", givf, " ");
    split("HN-BD-PHUCXA HN-BD-THCS-NTT HN-HBT-BVTN HN-HBT-DM8-3", units, " ");
    split("Công nhân|Kỹ sư|Giáo viên|Bác sĩ|Điều dưỡng|Kế toán|Tổ trưởng|", jobs, "|");
    print "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Điện thoại,Mã đơn vị,Chức vụ,Từ ngày";
    for (i = 0; i < n; i++) {
      f = rand() < 0.5;
      name = fam[int(rand() * 16) + 1] " " (f ? midf[int(rand() * 8) + 1] : midm[int(rand() * 8) + 1]) " " \
             (f ? givf[int(rand() * 16) + 1] : givm[int(rand() * 16) + 1]);
      printf "%s,%s,%02d/%02d/%d,%03d%09d,09%08d,%s,%s,%02d/%02d/%d\n", name, f ? "Nữ" : "Nam",
        int(rand() * 28) + 1, int(rand() * 12) + 1, 1960 + int(rand() * 46), int(rand() * 96) + 1, i,
        int(rand() * 100000000), units[int(rand() * 4) + 1], jobs[int(rand() * 8) + 1],
        int(rand() * 28) + 1, int(rand() * 12) + 1, 2000 + int(rand() * 24);
    }
  }'
}
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
