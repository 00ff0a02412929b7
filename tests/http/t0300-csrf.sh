#!/usr/bin/env bash
# CSRF: every form post and every cookie-authenticated API write needs the
# session's token; the login form needs the pre-login token; bearer tokens
# (no ambient credentials) need none.
. "$(dirname "$0")/lib.sh"
start_server

MSG='Biểu mẫu đã hết hạn hoặc không hợp lệ'
BD=$(sql "SELECT id FROM units WHERE code = 'HN-BD'")
ADMIN=$(api_login admin adminpass1)
t_ok "admin has an API token" test -n "$ADMIN"

# unit_exists CODE: 1 when the admin sees a unit CODE under HN-BD, else 0.
unit_exists() {
  api GET "/api/v1/units?parent_id=$BD" "$ADMIN"
  printf '%s' "$BODY" | jq --arg c "$1" '[.items[] | select(.code == $c)] | length'
}

JAR=$T_WORK/jar
ui_login "$JAR" admin adminpass1
t_eq "admin logs in through the form" 303 "$STATUS"
TOKEN=$(csrf_of "$JAR" "/units/$BD")
t_match "the unit page carries a CSRF token" '^[A-Za-z0-9_-]{43}$' "$TOKEN"

# --- UI form posts -------------------------------------------------------------
http POST "/units/$BD/children" -b "$JAR" --data-urlencode code=CSRF-A --data-urlencode 'name=Công đoàn không token'
t_eq "form post without a token is 403" 403 "$STATUS"
t_match "as an HTML page" 'content-type: text/html' "$HEADERS"
t_match "with the Vietnamese message" "$MSG" "$BODY"
t_eq "and no unit was created" 0 "$(unit_exists CSRF-A)"

http POST "/units/$BD/children" -b "$JAR" --data-urlencode csrf=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA \
  --data-urlencode code=CSRF-B --data-urlencode 'name=Công đoàn token sai'
t_eq "form post with a wrong token is 403" 403 "$STATUS"
t_match "with the Vietnamese message" "$MSG" "$BODY"
t_eq "and no unit was created" 0 "$(unit_exists CSRF-B)"

ui_login "$T_WORK/jar-other" canbo.badinh matkhau123
OTHER=$(csrf_of "$T_WORK/jar-other" "/units/$BD")
t_ok "another session has its own token" test -n "$OTHER" -a "$OTHER" != "$TOKEN"
http POST "/units/$BD/children" -b "$JAR" --data-urlencode "csrf=$OTHER" \
  --data-urlencode code=CSRF-C --data-urlencode 'name=Công đoàn token phiên khác'
t_eq "the token of another session is refused (403)" 403 "$STATUS"
t_eq "and no unit was created" 0 "$(unit_exists CSRF-C)"

NEAR=${TOKEN%?}$([ "${TOKEN: -1}" = A ] && echo B || echo A)
http POST "/units/$BD/children" -b "$JAR" --data-urlencode "csrf=$NEAR" \
  --data-urlencode code=CSRF-D --data-urlencode 'name=Công đoàn token sai một ký tự'
t_eq "the right token with its last character changed is refused (403)" 403 "$STATUS"
t_eq "and no unit was created" 0 "$(unit_exists CSRF-D)"

http POST "/units/$BD/children" -b "$JAR" --data-urlencode "csrf=${TOKEN:0:20}" \
  --data-urlencode code=CSRF-E --data-urlencode 'name=Công đoàn token cụt'
t_eq "a prefix of the right token is refused (403)" 403 "$STATUS"
t_eq "and no unit was created" 0 "$(unit_exists CSRF-E)"

http POST "/units/$BD/children" -b "$JAR" --data-urlencode "csrf=$TOKEN" \
  --data-urlencode code=CSRF-OK --data-urlencode 'name=Công đoàn có token'
t_eq "form post with the right token is 303" 303 "$STATUS"
t_match "to the new unit's page" 'location: /units/[0-9]+' "$HEADERS"
t_eq "and the unit exists" 1 "$(unit_exists CSRF-OK)"

http POST /logout -b "$JAR"
t_eq "logout without a token is refused (403)" 403 "$STATUS"
http GET / -b "$JAR"
t_eq "and the session is still alive" 200 "$STATUS"

# --- the login form ------------------------------------------------------------
http POST /login --data-urlencode login=admin --data-urlencode password=adminpass1
t_eq "login post with neither pre-login cookie nor token is 403" 403 "$STATUS"
t_match "with the Vietnamese message" "$MSG" "$BODY"
t_nomatch "and no session cookie" 'set-cookie: tdkt_session=[^;]' "$HEADERS"

PRE=$T_WORK/pre
curl -s -c "$PRE" "$BASE/login" -o "$T_WORK/login.html"
PRETOKEN=$(grep -o 'name="csrf" value="[^"]*"' "$T_WORK/login.html" | head -1 | sed 's/.*value="//; s/"$//')
t_match "the login page gives a pre-login token" '^[A-Za-z0-9_-]{43}$' "$PRETOKEN"
t_match "and the same token in a cookie" "tdkt_csrf	$PRETOKEN" "$(cat "$PRE")"

http POST /login -b "$PRE" --data-urlencode login=admin --data-urlencode password=adminpass1
t_eq "login post with the cookie but no token is 403" 403 "$STATUS"
http POST /login --data-urlencode "csrf=$PRETOKEN" --data-urlencode login=admin --data-urlencode password=adminpass1
t_eq "login post with the token but no cookie is 403" 403 "$STATUS"
t_nomatch "and no session cookie" 'set-cookie: tdkt_session=[^;]' "$HEADERS"
http POST /login -b "$PRE" --data-urlencode "csrf=$OTHER" --data-urlencode login=admin --data-urlencode password=adminpass1
t_eq "login post with a token that is not the cookie's is 403" 403 "$STATUS"
http POST /login -b "$PRE" -c "$PRE" --data-urlencode "csrf=$PRETOKEN" --data-urlencode login=admin \
  --data-urlencode password=adminpass1
t_eq "login post with the matching cookie and token is 303" 303 "$STATUS"
t_match "and opens a session" 'set-cookie: tdkt_session=[^;]+' "$HEADERS"

# --- the API with cookie authentication -------------------------------------------
JSON=$(jq -nc --argjson p "$BD" '{parent_id:$p, code:"CSRF-API-A", name:"Công đoàn qua cookie"}')
http POST /api/v1/units -b "$JAR" -H 'Content-Type: application/json' --data-binary "$JSON"
t_eq "API write with the session cookie and no X-CSRF-Token is 403" 403 "$STATUS"
t_eq "error code forbidden" forbidden "$(printf '%s' "$BODY" | jq -r .error.code)"
t_match "with the Vietnamese message" "$MSG" "$(printf '%s' "$BODY" | jq -r .error.message)"
t_eq "and no unit was created" 0 "$(unit_exists CSRF-API-A)"

http POST /api/v1/units -b "$JAR" -H 'Content-Type: application/json' -H "X-CSRF-Token: $OTHER" --data-binary "$JSON"
t_eq "API write with the cookie and another session's X-CSRF-Token is 403" 403 "$STATUS"
t_eq "and no unit was created" 0 "$(unit_exists CSRF-API-A)"

http POST /api/v1/units -b "$JAR" -H 'Content-Type: application/json' -H "X-CSRF-Token: $TOKEN" --data-binary "$JSON"
t_eq "API write with the cookie and its X-CSRF-Token is 201" 201 "$STATUS"
t_eq "and the unit exists" 1 "$(unit_exists CSRF-API-A)"

http GET /api/v1/me -b "$JAR" -H 'Accept: application/json'
t_eq "API reads with the cookie need no token" 200 "$STATUS"

# The csrf_token handed out by the API login goes with that session's cookie.
api POST /api/v1/login "" '{"login":"canbo.hanoi","password":"matkhau123"}'
HN_TOKEN=$(printf '%s' "$BODY" | jq -r .token)
HN_CSRF=$(printf '%s' "$BODY" | jq -r .csrf_token)
t_match "API login returns a csrf_token" '^[A-Za-z0-9_-]{43}$' "$HN_CSRF"
JSON=$(jq -nc --argjson p "$BD" '{parent_id:$p, code:"CSRF-API-B", name:"Công đoàn cookie của API"}')
http POST /api/v1/units -H "Cookie: tdkt_session=$HN_TOKEN" -H 'Content-Type: application/json' --data-binary "$JSON"
t_eq "that session used as a cookie without the token is 403" 403 "$STATUS"
http POST /api/v1/units -H "Cookie: tdkt_session=$HN_TOKEN" -H "X-CSRF-Token: $HN_CSRF" \
  -H 'Content-Type: application/json' --data-binary "$JSON"
t_eq "and with its csrf_token is 201" 201 "$STATUS"

# --- the API with a bearer token ------------------------------------------------
api POST /api/v1/units "$ADMIN" "$(jq -nc --argjson p "$BD" '{parent_id:$p, code:"CSRF-BEARER", name:"Công đoàn qua bearer"}')"
t_eq "API write with a bearer token needs no CSRF token (201)" 201 "$STATUS"
t_eq "and the unit exists" 1 "$(unit_exists CSRF-BEARER)"

t_eq "no server error was logged" 0 "$(grep -cE ' -> 5[0-9][0-9]' "$T_WORK/server.log")"
