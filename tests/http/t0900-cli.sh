#!/usr/bin/env bash
# The command line: init, migrate, users and grants, units, backup, and the
# refusal of a database newer than the program.
. "$(dirname "$0")/lib.sh"

out=$(tdkt init --password adminpass1 2>&1)
t_match "init prints how to log in" 'Administrator login: admin' "$out"
out=$(tdkt init --password other-pass 2>&1)
t_match "init again keeps the existing administrator" "already exists" "$out"
t_eq "one administrator account" 1 "$(sql "SELECT COUNT(*) FROM users WHERE login = 'admin'")"

out=$(tdkt migrate 2>&1)
t_match "migrate reports the version" 'Schema version [0-9]+' "$out"

t_ok "unit add under the top unit" tdkt unit add TLD HN "Liên đoàn Lao động thành phố Hà Nội"
t_ok "unit add below" tdkt unit add HN HN-BD "Liên đoàn Lao động quận Ba Đình"
out=$(tdkt unit add HN HN-BD "Trùng mã" 2>&1); rc=$?
t_eq "duplicate unit code refused" 1 "$rc"
t_match "with a Vietnamese reason" 'Mã đơn vị này đã được dùng' "$out"
out=$(tdkt unit list)
t_match "unit list shows the tree, indented" '^    HN-BD +Liên đoàn Lao động quận Ba Đình' "$(printf '%s' "$out" | sed -n 3p)"

out=$(tdkt user add ngoc.anh "Đỗ Ngọc Ánh" --password matkhau123 2>&1)
t_match "user add" 'Account ngoc.anh created' "$out"
out=$(tdkt user add "Ngoc Anh" "X" --password matkhau123 2>&1); rc=$?
t_eq "bad login refused" 1 "$rc"
t_ok "grant officer on HN-BD" tdkt user grant ngoc.anh HN-BD officer
out=$(tdkt user grant ngoc.anh HN-BD emperor 2>&1); rc=$?
t_eq "unknown role refused" 1 "$rc"
out=$(tdkt user list)
t_match "user list shows the role and unit" 'ngoc\.anh +Đỗ Ngọc Ánh +Cán bộ thi đua – khen thưởng @ Liên đoàn Lao động quận Ba Đình' "$out"
out=$(tdkt user passwd ngoc.anh --password moi-mat-khau-1 2>&1)
t_match "passwd" 'Password of ngoc.anh set' "$out"

out=$(tdkt audit verify); rc=$?
t_eq "audit verify passes" 0 "$rc"
t_match "and counts the entries" 'intact: [1-9][0-9]* entries' "$out"

if [ "$TDKT_BACKEND" = sqlite ]; then
  out=$(tdkt backup "$T_WORK/copy.db" 2>&1); rc=$?
  t_eq "backup succeeds" 0 "$rc"
  t_eq "the copy has the accounts" 2 "$(sqlite3 "$T_WORK/copy.db" 'SELECT COUNT(*) FROM users')"
  t_ok "the copy's audit chain verifies" "$TDKT_BIN" audit verify --db "sqlite:$T_WORK/copy.db"
else
  out=$(tdkt backup "$T_WORK/copy.db" 2>&1); rc=$?
  t_eq "backup on PostgreSQL is refused" 1 "$rc"
  t_match "pointing to pg_dump" 'pg_dump' "$out"
fi

sql "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', 0)" >/dev/null
out=$(tdkt migrate 2>&1); rc=$?
t_eq "a database newer than the program is refused" 1 "$rc"
t_match "with the reason" 'newer than this program' "$out"
users_before=$(sql "SELECT COUNT(*) FROM users")
out=$(tdkt user add late.user "Người Đến Sau" --password matkhau123 2>&1); rc=$?
t_eq "no command runs on it" 1 "$rc"
t_eq "and nothing was written" "$users_before" "$(sql "SELECT COUNT(*) FROM users")"

out=$("$TDKT_BIN" nonsense 2>&1); rc=$?
t_eq "unknown command exits 2" 2 "$rc"
t_match "with usage" 'usage: tdkt COMMAND' "$out"
