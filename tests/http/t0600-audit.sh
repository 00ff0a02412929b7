#!/usr/bin/env bash
# The audit trail: every write is logged with who, from where, what, before
# and after; the database refuses edits; `tdkt audit verify` checks the hash
# chain and names the first broken entry.
. "$(dirname "$0")/lib.sh"
start_server

BD=$(sql "SELECT id FROM units WHERE code = 'HN-BD'")
PX=$(sql "SELECT id FROM units WHERE code = 'HN-BD-PHUCXA'")
ADMIN=$(api_login admin adminpass1)
t_ok "admin has an API token" test -n "$ADMIN"
ADMIN_ID=$(sql "SELECT id FROM users WHERE login = 'admin'")

# --- writes ---------------------------------------------------------------------
api POST /api/v1/units "$ADMIN" "$(jq -nc --argjson p "$BD" '{parent_id:$p, code:"AUD-U", name:"Công đoàn Kiểm toán"}')"
t_eq "admin creates a unit" 201 "$STATUS"
UNIT=$(printf '%s' "$BODY" | jq -r .id)
api POST /api/v1/users "$ADMIN" '{"login":"kiem.toan","full_name":"Đỗ Thị Kiểm","password":"matkhau-cu-1"}'
t_eq "admin creates a user" 201 "$STATUS"
USER=$(printf '%s' "$BODY" | jq -r .id)
api POST "/api/v1/users/$USER/grants" "$ADMIN" "$(jq -nc --argjson u "$PX" '{unit_id:$u, role:"viewer"}')"
t_eq "admin grants a role" 200 "$STATUS"
KT=$(api_login kiem.toan matkhau-cu-1)
t_ok "the new user logs in" test -n "$KT"
api POST /api/v1/password "$KT" '{"old_password":"matkhau-cu-1","new_password":"matkhau-moi-2"}'
t_eq "the new user changes its password" 200 "$STATUS"

api GET "/api/v1/audit?limit=1000" "$ADMIN"
t_eq "admin reads the audit log" 200 "$STATUS"
LOG=$BODY
entry() { printf '%s' "$LOG" | jq -c "[.items[] | select($1)] | first"; }

E=$(entry ".action == \"create\" and .entity == \"unit\" and .entity_id == $UNIT")
t_ok "the unit creation is logged" test "$E" != null
t_eq "by admin" admin "$(printf '%s' "$E" | jq -r .user)"
t_eq "from the client's address" 127.0.0.1 "$(printf '%s' "$E" | jq -r .ip)"
t_eq "on the new unit" "$UNIT" "$(printf '%s' "$E" | jq -r .unit_id)"
t_eq "with no before" null "$(printf '%s' "$E" | jq -c .before)"
t_eq "and the unit as after" "AUD-U|Công đoàn Kiểm toán|$BD" "$(printf '%s' "$E" | jq -r '.after | "\(.code)|\(.name)|\(.parent_id)"')"
t_match "with a time" '^1[0-9]{9}$' "$(printf '%s' "$E" | jq -r .at)"

E=$(entry ".action == \"create\" and .entity == \"user\" and .entity_id == $USER")
t_ok "the user creation is logged" test "$E" != null
t_eq "by admin" admin "$(printf '%s' "$E" | jq -r .user)"
t_eq "with login and name as after" "kiem.toan|Đỗ Thị Kiểm" "$(printf '%s' "$E" | jq -r '.after | "\(.login)|\(.full_name)"')"
t_nomatch "and no password or hash anywhere in the log" 'matkhau-cu-1|matkhau-moi-2|argon2' "$LOG"

E=$(entry ".action == \"grant\" and .entity_id == $USER")
t_ok "the grant is logged" test "$E" != null
t_eq "by admin" admin "$(printf '%s' "$E" | jq -r .user)"
t_eq "on the unit granted" "$PX" "$(printf '%s' "$E" | jq -r .unit_id)"
t_eq "with role and unit as after" "viewer|$PX|$USER" "$(printf '%s' "$E" | jq -r '.after | "\(.role)|\(.unit_id)|\(.user_id)"')"

E=$(entry ".action == \"set_password\" and .entity_id == $USER")
t_ok "the password change is logged" test "$E" != null
t_eq "by the user itself" kiem.toan "$(printf '%s' "$E" | jq -r .user)"

E=$(entry ".action == \"login\" and .user == \"kiem.toan\"")
t_ok "the login is logged" test "$E" != null
t_eq "as a session" session "$(printf '%s' "$E" | jq -r .entity)"
t_ok "admin's own logins too" test "$(entry ".action == \"login\" and .user == \"admin\"")" != null

t_eq "entries come newest first" "$(printf '%s' "$LOG" | jq -c '[.items[].id] | sort | reverse')" \
  "$(printf '%s' "$LOG" | jq -c '[.items[].id]')"
api GET "/api/v1/audit?limit=2" "$ADMIN"
t_eq "limit is honoured" 2 "$(printf '%s' "$BODY" | jq '.items | length')"
OLDEST=$(printf '%s' "$BODY" | jq '.items[1].id')
api GET "/api/v1/audit?before=$OLDEST&limit=1" "$ADMIN"
t_eq "before pages backwards" "$((OLDEST - 1))" "$(printf '%s' "$BODY" | jq '.items[0].id')"

JAR=$T_WORK/jar
ui_login "$JAR" admin adminpass1
http GET /audit -b "$JAR"
t_eq "the audit page renders" 200 "$STATUS"
t_match "in Vietnamese" 'Nhật ký thay đổi' "$BODY"
t_match "with the unit creation" 'Công đoàn Kiểm toán' "$BODY"
t_match "and the password change" 'Đổi mật khẩu' "$BODY"

# --- verify ---------------------------------------------------------------------
N=$(sql "SELECT COUNT(*) FROM audit_log")
OUT=$(tdkt audit verify 2>&1); RC=$?
t_eq "tdkt audit verify exits 0" 0 "$RC"
t_match "and says the log is intact" 'intact' "$OUT"
t_match "having checked every entry" "(^|[^0-9])$N entries" "$OUT"

# --- the database refuses edits ---------------------------------------------------
MID=$(sql "SELECT id FROM audit_log WHERE action = 'create' AND entity = 'unit' AND entity_id = $UNIT")
ORIG=$(sql "SELECT after_json FROM audit_log WHERE id = $MID")
t_match "the entry to tamper with holds the name" 'Kiểm toán' "$ORIG"
OUT=$(sql "UPDATE audit_log SET after_json = replace(after_json, 'Kiểm toán', 'Giả mạo') WHERE id = $MID" 2>&1); RC=$?
t_ok "an UPDATE of the audit log is refused by the database" test "$RC" -ne 0
t_match "by the append-only trigger" 'append-only' "$OUT"
t_eq "and the entry is unchanged" "$ORIG" "$(sql "SELECT after_json FROM audit_log WHERE id = $MID")"
OUT=$(sql "DELETE FROM audit_log WHERE id = $MID" 2>&1); RC=$?
t_ok "a DELETE is refused too" test "$RC" -ne 0
t_eq "and the entry is still there" 1 "$(sql "SELECT COUNT(*) FROM audit_log WHERE id = $MID")"

# --- tampering, with the guard removed --------------------------------------------------
if [ "$TDKT_BACKEND" = sqlite ]; then
  sql "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete"
else
  sql "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change"
fi
sql "UPDATE audit_log SET after_json = replace(after_json, 'Kiểm toán', 'Giả mạo') WHERE id = $MID"
t_match "the entry is now altered" 'Giả mạo' "$(sql "SELECT after_json FROM audit_log WHERE id = $MID")"
OUT=$(tdkt audit verify 2>&1); RC=$?
t_eq "verify exits 3 on an altered entry" 3 "$RC"
t_match "and names it as the first broken entry" "BROKEN at entry $MID[^0-9]" "$OUT"
t_match "as altered" 'altered' "$OUT"
t_nomatch "and does not call the log intact" 'intact:' "$OUT"

sql "UPDATE audit_log SET after_json = '$ORIG' WHERE id = $MID"
OUT=$(tdkt audit verify 2>&1); RC=$?
t_eq "with the original content put back, verify passes again" 0 "$RC"

# Changing a field and recomputing nothing else: the actor.
sql "UPDATE audit_log SET user_id = $USER WHERE id = $MID"
OUT=$(tdkt audit verify 2>&1); RC=$?
t_eq "an entry blamed on someone else is found (exit 3)" 3 "$RC"
t_match "at that entry" "BROKEN at entry $MID[^0-9]" "$OUT"
sql "UPDATE audit_log SET user_id = $ADMIN_ID WHERE id = $MID"

# Rewriting an entry with a self-consistent hash still breaks the next link.
FIRST_LATER=$(sql "SELECT MIN(id) FROM audit_log WHERE id > $MID")
sql "UPDATE audit_log SET hash = CASE WHEN substr(hash, 1, 2) = 'ff' THEN '00' ELSE 'ff' END || substr(hash, 3) WHERE id = $MID"
OUT=$(tdkt audit verify 2>&1); RC=$?
t_eq "a replaced hash is found (exit 3)" 3 "$RC"
t_match "at that entry" "BROKEN at entry $MID[^0-9]" "$OUT"
sql "UPDATE audit_log SET hash = (SELECT prev_hash FROM audit_log WHERE id = $FIRST_LATER) WHERE id = $MID"
t_eq "verify passes once the hash is restored" 0 "$(tdkt audit verify >/dev/null 2>&1; echo $?)"

# The newest entry deleted: the head row still remembers it.
LAST=$(sql "SELECT MAX(id) FROM audit_log")
sql "CREATE TABLE audit_saved AS SELECT * FROM audit_log WHERE id = $LAST"
sql "DELETE FROM audit_log WHERE id = $LAST"
OUT=$(tdkt audit verify 2>&1); RC=$?
t_eq "verify exits 3 when the newest entry was deleted" 3 "$RC"
t_match "and names it" "BROKEN at entry $LAST[^0-9]" "$OUT"
sql "INSERT INTO audit_log SELECT * FROM audit_saved"
t_eq "verify passes once it is put back" 0 "$(tdkt audit verify >/dev/null 2>&1; echo $?)"

# A deleted entry in the middle of the chain.
MIDDLE=$(( (N + 1) / 2 ))
sql "DELETE FROM audit_log WHERE id = $MIDDLE"
t_eq "the middle entry is gone" 0 "$(sql "SELECT COUNT(*) FROM audit_log WHERE id = $MIDDLE")"
OUT=$(tdkt audit verify 2>&1); RC=$?
t_eq "verify exits 3 when an entry was deleted" 3 "$RC"
t_match "and names the missing entry" "BROKEN at entry $MIDDLE[^0-9]" "$OUT"
t_match "as missing" 'missing' "$OUT"

# Appends keep working on a broken chain, and verify still reports the break.
api POST /api/v1/units "$ADMIN" "$(jq -nc --argjson p "$BD" '{parent_id:$p, code:"AUD-V", name:"Công đoàn sau sự cố"}')"
t_eq "the server still accepts writes" 201 "$STATUS"
OUT=$(tdkt audit verify 2>&1); RC=$?
t_eq "verify still exits 3" 3 "$RC"
t_match "naming the same first broken entry" "BROKEN at entry $MIDDLE[^0-9]" "$OUT"

t_eq "no server error was logged" 0 "$(grep -cE ' -> 5[0-9][0-9]' "$T_WORK/server.log")"
