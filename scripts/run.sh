#!/usr/bin/env bash
# make run: a ready-to-try tdkt on this machine. Creates the SQLite database
# under ./var on first use (schema, demo organisation, an administrator with a
# random password kept in var/admin-password.txt, readable by you only), then
# serves the UI and prints how to log in. Ctrl-C stops the server cleanly.
set -euo pipefail
bin=$1 db=$2 listen=$3
mkdir -p var

if [ ! -s var/admin-password.txt ]; then
  umask 077
  pw=$(head -c 12 /dev/urandom | base64 | tr -d '/+=' | head -c 12)
  "$bin" init --db "$db" --password "$pw" >/dev/null
  echo "Đang tạo dữ liệu mẫu (Liên đoàn Lao động thành phố Hà Nội, khoảng 5.000 đoàn viên)…"
  "$bin" demo --db "$db" --scale small --password "$pw" >/dev/null
  printf '%s\n' "$pw" > var/admin-password.txt
fi
pw=$(cat var/admin-password.txt)

cat <<MSG

  tdkt — Thi đua, Khen thưởng
  Mở trình duyệt: http://$listen
  Đăng nhập quản trị:  admin / $pw
  Tài khoản cán bộ mẫu: canbo.hanoi, canbo.badinh, canbo.haibatrung (cùng mật khẩu)
  (Mật khẩu lưu tại var/admin-password.txt. Nhấn Ctrl-C để dừng.)

MSG
exec "$bin" serve --db "$db" --listen "$listen"
