#!/usr/bin/env bash
# Logging in and out through the UI and the API.
. "$(dirname "$0")/lib.sh"
start_server

http GET /login
t_eq "login page answers 200" 200 "$STATUS"
t_match "login page is Vietnamese" 'Đăng nhập' "$BODY"
t_match "login page sets security headers" "content-security-policy: default-src 'self'; script-src 'self'" "$HEADERS"
t_match "frame denial" 'x-frame-options: deny' "$HEADERS"
t_match "no sniffing" 'x-content-type-options: nosniff' "$HEADERS"
t_match "referrer policy" 'referrer-policy: same-origin' "$HEADERS"
t_nomatch "no inline script" '<script>' "$BODY"

http GET /
t_eq "home redirects anonymous users" 303 "$STATUS"
t_match "to the login page" 'location: /login' "$HEADERS"

JAR=$T_WORK/jar
ui_login "$JAR" admin adminpass1
t_eq "UI login redirects" 303 "$STATUS"
t_match "session cookie is HttpOnly and SameSite" 'set-cookie: tdkt_session=[^;]+; path=/; httponly; samesite=lax' "$HEADERS"
http GET / -b "$JAR"
t_eq "home page after login" 200 "$STATUS"
t_match "greets the administrator" 'Xin chào, Quản trị hệ thống' "$BODY"

ui_login "$T_WORK/jar2" admin wrongpassword
t_eq "wrong password refused" 401 "$STATUS"
t_match "with a Vietnamese message" 'Tên đăng nhập hoặc mật khẩu không đúng' "$BODY"

TOKEN=$(api_login canbo.badinh matkhau123)
t_ok "API login gives a token" test -n "$TOKEN"
api GET /api/v1/me "$TOKEN"
t_eq "me answers 200" 200 "$STATUS"
t_eq "me is the officer" canbo.badinh "$(printf '%s' "$BODY" | jq -r .login)"
t_eq "officer role on Ba Đình" "officer HN-BD" "$(printf '%s' "$BODY" | jq -r '.grants[0] | "\(.role) \(.unit_code)"')"

api POST /api/v1/login "" '{"login":"canbo.badinh","password":"sai-mat-khau"}'
t_eq "API wrong password is 401" 401 "$STATUS"
t_eq "error code" unauthorized "$(printf '%s' "$BODY" | jq -r .error.code)"
api POST /api/v1/login "" '{"login":"khong.ton.tai","password":"sai-mat-khau"}'
t_eq "unknown login gives the same 401" 401 "$STATUS"

api POST /api/v1/logout "$TOKEN"
t_eq "logout" 200 "$STATUS"
api GET /api/v1/me "$TOKEN"
t_eq "token is dead after logout" 401 "$STATUS"

TOKEN=$(api_login canbo.badinh matkhau123)
HASH=$(printf '%s' "$TOKEN" | sha256sum | cut -d' ' -f1)
t_eq "a live session is stored by the SHA-256 of its token" 1 "$(sql "SELECT COUNT(*) FROM sessions WHERE token_hash = '$HASH'")"
t_eq "the token itself is stored nowhere" 0 "$(sql "SELECT COUNT(*) FROM sessions WHERE token_hash = '$TOKEN' OR csrf_token = '$TOKEN'")"
