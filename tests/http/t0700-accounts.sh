#!/usr/bin/env bash
# Accounts: creating a user, granting a role on a unit, password changes that
# end other sessions, the accounts and audit pages, and the OpenAPI document.
. "$(dirname "$0")/lib.sh"
start_server

PX=$(sql "SELECT id FROM units WHERE code = 'HN-BD-PHUCXA'")
BD=$(sql "SELECT id FROM units WHERE code = 'HN-BD'")
ADMIN=$(api_login admin adminpass1)
t_ok "admin has an API token" test -n "$ADMIN"
PW_MSG='Mật khẩu phải có từ 8 đến 128 ký tự.'

# --- creating an account ------------------------------------------------------------
api POST /api/v1/users "$ADMIN" '{"login":"canbo.phucxa","full_name":"Vũ Minh Châu","password":"phucxa-2024"}'
t_eq "admin creates a user" 201 "$STATUS"
NEW=$(printf '%s' "$BODY" | jq -r .id)
t_eq "answered with its login" canbo.phucxa "$(printf '%s' "$BODY" | jq -r .login)"
t_eq "its name" "Vũ Minh Châu" "$(printf '%s' "$BODY" | jq -r .full_name)"
t_eq "active" true "$(printf '%s' "$BODY" | jq -r .active)"
t_nomatch "and neither the password nor a hash" 'phucxa-2024|argon|password' "$BODY"
t_match "the stored hash is Argon2id" '^\$argon2id\$' "$(sql "SELECT password_hash FROM users WHERE id = $NEW")"

api POST /api/v1/users "$ADMIN" '{"login":"canbo.phucxa","full_name":"Trùng tên","password":"matkhau123"}'
t_eq "the same login again is a conflict" 409 "$STATUS"
t_match "with a Vietnamese message" 'Tên đăng nhập này đã có người dùng' "$(printf '%s' "$BODY" | jq -r .error.message)"
api POST /api/v1/users "$ADMIN" '{"login":"Có Dấu","full_name":"Sai","password":"matkhau123"}'
t_eq "a login with capitals, spaces or marks is 400" 400 "$STATUS"
t_match "with a Vietnamese message" 'chữ thường không dấu' "$(printf '%s' "$BODY" | jq -r .error.message)"
api POST /api/v1/users "$ADMIN" '{"login":"ngan.qua","full_name":"Mật khẩu ngắn","password":"1234567"}'
t_eq "a 7-character initial password is 400" 400 "$STATUS"
t_eq "with a Vietnamese message" "$PW_MSG" "$(printf '%s' "$BODY" | jq -r .error.message)"
t_eq "and no account was made" 0 "$(sql "SELECT COUNT(*) FROM users WHERE login = 'ngan.qua'")"

api POST "/api/v1/users/$NEW/grants" "$ADMIN" "$(jq -nc --argjson u "$PX" '{unit_id:$u, role:"officer"}')"
t_eq "admin grants officer on HN-BD-PHUCXA" 200 "$STATUS"
api POST "/api/v1/users/$NEW/grants" "$ADMIN" "$(jq -nc --argjson u "$PX" '{unit_id:$u, role:"vua"}')"
t_eq "an unknown role is 400" 400 "$STATUS"
t_match "with a Vietnamese message" 'vai trò không tồn tại' "$(printf '%s' "$BODY" | jq -r .error.message)"

# --- the new account at work ----------------------------------------------------------
T1=$(api_login canbo.phucxa phucxa-2024)
t_ok "the new user logs in" test -n "$T1"
api GET /api/v1/me "$T1"
t_eq "and holds exactly its grant" "officer HN-BD-PHUCXA" "$(printf '%s' "$BODY" | jq -r '[.grants[] | "\(.role) \(.unit_code)"] | join(";")')"
api GET /api/v1/units "$T1"
t_eq "it sees only Phúc Xá" HN-BD-PHUCXA "$(printf '%s' "$BODY" | jq -r '[.items[].code] | join(",")')"
api GET "/api/v1/units/$BD" "$T1"
t_eq "not the district above it" 403 "$STATUS"
api POST /api/v1/units "$T1" "$(jq -nc --argjson p "$PX" '{parent_id:$p, code:"PX-TO1", name:"Tổ công đoàn số 1"}')"
t_eq "and may add a unit under Phúc Xá" 201 "$STATUS"

# --- changing the password ------------------------------------------------------------
T2=$(api_login canbo.phucxa phucxa-2024)
t_ok "a second session of the same user" test -n "$T2" -a "$T2" != "$T1"

api POST /api/v1/password "$T1" '{"old_password":"sai-mat-khau","new_password":"phucxa-2025"}'
t_eq "a wrong old password is 400" 400 "$STATUS"
t_eq "with the Vietnamese message" 'Mật khẩu hiện tại không đúng.' "$(printf '%s' "$BODY" | jq -r .error.message)"
api GET /api/v1/me "$T2"
t_eq "and no session ended" 200 "$STATUS"

api POST /api/v1/password "$T1" '{"old_password":"phucxa-2024","new_password":"ngan"}'
t_eq "a short new password is 400" 400 "$STATUS"
t_eq "with the Vietnamese message" "$PW_MSG" "$(printf '%s' "$BODY" | jq -r .error.message)"
api POST /api/v1/password "$T1" "$(jq -nc --arg p "$(head -c 129 /dev/zero | tr '\0' 'x')" '{old_password:"phucxa-2024", new_password:$p}')"
t_eq "a new password of 129 characters is 400" 400 "$STATUS"
api POST /api/v1/password "$T1" '{"old_password":"phucxa-2024"}'
t_eq "a missing new password is 400" 400 "$STATUS"
t_match "naming the field in Vietnamese" 'Mật khẩu mới' "$(printf '%s' "$BODY" | jq -r .error.message)"
t_ok "the old password still works after refused changes" test -n "$(api_login canbo.phucxa phucxa-2024)"

api POST /api/v1/password "$T1" '{"old_password":"phucxa-2024","new_password":"Mật-khẩu-mới-2025"}'
t_eq "the right old password changes it" 200 "$STATUS"
api GET /api/v1/me "$T1"
t_eq "the session that changed it stays" 200 "$STATUS"
api GET /api/v1/me "$T2"
t_eq "the other session has ended" 401 "$STATUS"
t_eq "no other session of the user is left in the database" 1 "$(sql "SELECT COUNT(*) FROM sessions WHERE user_id = $NEW")"
api POST /api/v1/login "" '{"login":"canbo.phucxa","password":"phucxa-2024"}'
t_eq "the old password no longer works" 401 "$STATUS"
t_ok "the new one (with Vietnamese letters) does" test -n "$(api_login canbo.phucxa 'Mật-khẩu-mới-2025')"

api POST /api/v1/password "$ADMIN" '{"old_password":"sai","new_password":"adminpass2"}'
t_eq "admin too needs its own old password" 400 "$STATUS"

# --- through the UI -------------------------------------------------------------------
JAR=$T_WORK/jar
ui_login "$JAR" canbo.phucxa 'Mật-khẩu-mới-2025'
t_eq "the user logs in through the form" 303 "$STATUS"
TOKEN=$(csrf_of "$JAR" /account/password)
http POST /account/password -b "$JAR" --data-urlencode "csrf=$TOKEN" --data-urlencode old_password=sai-roi \
  --data-urlencode new_password=phucxa-2026 --data-urlencode confirm=phucxa-2026
t_eq "the form with a wrong old password is 400" 400 "$STATUS"
t_match "with the Vietnamese message" 'Mật khẩu hiện tại không đúng' "$BODY"
http POST /account/password -b "$JAR" --data-urlencode "csrf=$TOKEN" --data-urlencode old_password='Mật-khẩu-mới-2025' \
  --data-urlencode new_password=phucxa-2026 --data-urlencode confirm=phucxa-2027
t_eq "the form with a confirmation that differs is 400" 400 "$STATUS"
t_match "with the Vietnamese message" 'Mật khẩu nhập lại không khớp' "$BODY"
http POST /account/password -b "$JAR" --data-urlencode "csrf=$TOKEN" --data-urlencode old_password='Mật-khẩu-mới-2025' \
  --data-urlencode new_password=ngan --data-urlencode confirm=ngan
t_eq "the form with a short password is 400" 400 "$STATUS"
t_match "with the Vietnamese message" "$PW_MSG" "$BODY"

http GET /users -b "$JAR"
t_eq "the accounts page refuses an officer" 403 "$STATUS"

AJAR=$T_WORK/ajar
ui_login "$AJAR" admin adminpass1
http GET /users -b "$AJAR"
t_eq "the accounts page renders for admin" 200 "$STATUS"
t_match "with its Vietnamese heading" '<h1>Tài khoản và phân quyền</h1>' "$BODY"
t_match "listing the new user" 'Vũ Minh Châu' "$BODY"
t_match "with its role and unit" 'Cán bộ thi đua – khen thưởng @ Công đoàn cơ sở phường Phúc Xá' "$BODY"
t_match "and a form to create accounts" '<h2>Tạo tài khoản</h2>' "$BODY"
t_nomatch "showing no password hash" 'argon2' "$BODY"
http GET /audit -b "$AJAR"
t_eq "the audit page renders for admin" 200 "$STATUS"
t_match "with its Vietnamese heading" '<h1>Nhật ký thay đổi</h1>' "$BODY"
t_match "and the password change" 'Đổi mật khẩu' "$BODY"

ATOKEN=$(csrf_of "$AJAR" /users)
http POST /users/password -b "$AJAR" --data-urlencode "csrf=$ATOKEN" --data-urlencode "user_id=$NEW" \
  --data-urlencode password=dat-lai-2030
t_eq "admin resets the user's password through the form" 200 "$STATUS"
t_match "with a Vietnamese confirmation" 'Đã đặt lại mật khẩu' "$BODY"
api GET /api/v1/me "$T1"
t_eq "which ends every session of that user" 401 "$STATUS"
t_eq "none is left in the database" 0 "$(sql "SELECT COUNT(*) FROM sessions WHERE user_id = $NEW")"
http GET /users -b "$AJAR"
t_eq "while admin's own session goes on" 200 "$STATUS"
t_ok "the reset password works" test -n "$(api_login canbo.phucxa dat-lai-2030)"

# --- OpenAPI ----------------------------------------------------------------------------
http GET /api/v1/openapi.json
t_eq "openapi.json answers 200 without logging in" 200 "$STATUS"
t_match "as JSON" 'content-type: application/json' "$HEADERS"
t_ok "it is valid JSON" jq -e . "$T_WORK/body"
t_eq "OpenAPI 3.0.3" 3.0.3 "$(jq -r .openapi "$T_WORK/body")"
t_eq "with the /login path" true "$(jq '.paths | has("/login")' "$T_WORK/body")"
t_eq "with the /units/{id} path" true "$(jq '.paths | has("/units/{id}")' "$T_WORK/body")"
t_eq "login takes login and password" "login,password" "$(jq -r '.paths["/login"].post.requestBody.content["application/json"].schema.required | sort | join(",")' "$T_WORK/body")"
t_eq "/units/{id} has its id in the path" path "$(jq -r '.paths["/units/{id}"].get.parameters[] | select(.name == "id") | .in' "$T_WORK/body")"
t_eq "every path is under the API" "" "$(jq -r '.paths | keys[] | select(startswith("/api") or (startswith("/") | not))' "$T_WORK/body")"

t_eq "no server error was logged" 0 "$(grep -cE ' -> 5[0-9][0-9]' "$T_WORK/server.log")"
