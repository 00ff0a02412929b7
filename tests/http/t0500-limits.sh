#!/usr/bin/env bash
# Hostile and malformed input: size caps, bad UTF-8, bad JSON, wrong types,
# unknown routes and methods, over-long strings, undeclared parameters,
# escaping, and normalisation at the boundary. Nothing may answer 500.
. "$(dirname "$0")/lib.sh"
start_server

BD=$(sql "SELECT id FROM units WHERE code = 'HN-BD'")
ADMIN=$(api_login admin adminpass1)
t_ok "admin has an API token" test -n "$ADMIN"
AUTH=(-H "Authorization: Bearer $ADMIN")
JSONCT=(-H 'Content-Type: application/json')
UTF8_MSG='không phải UTF-8'

errcode() { printf '%s' "$BODY" | jq -r .error.code 2>/dev/null; }
errmsg() { printf '%s' "$BODY" | jq -r .error.message 2>/dev/null; }
# hex: the bytes of stdin as lower-case hex.
hex() { od -An -tx1 | tr -d ' \n'; }

# --- body size ----------------------------------------------------------------
head -c $((1024 * 1024 + 1)) /dev/zero | tr '\0' 'a' >"$T_WORK/big"
http POST /api/v1/units "${AUTH[@]}" "${JSONCT[@]}" --data-binary @"$T_WORK/big"
t_eq "a body of 1 MiB + 1 byte with Content-Length is 413" 413 "$STATUS"
t_eq "error code too_large" too_large "$(errcode)"
t_match "with a Vietnamese message" 'quá lớn' "$(errmsg)"

http POST /api/v1/units "${AUTH[@]}" "${JSONCT[@]}" -H 'Transfer-Encoding: chunked' --data-binary @"$T_WORK/big"
t_eq "the same body sent chunked (no Content-Length) is 413" 413 "$STATUS"
t_match "with a Vietnamese message" 'quá lớn' "$(errmsg)"

head -c $((8 * 1024 * 1024)) /dev/zero | tr '\0' 'a' >"$T_WORK/huge"
http POST /login -H 'Transfer-Encoding: chunked' -H 'Content-Type: application/x-www-form-urlencoded' \
  --data-binary @"$T_WORK/huge"
t_eq "8 MiB chunked to a form is 413" 413 "$STATUS"
t_match "as a Vietnamese HTML page" 'quá lớn' "$BODY"

http POST /api/v1/units "${AUTH[@]}" "${JSONCT[@]}" -H 'Content-Length: 99999999999999999999999' --data-binary '{}'
t_eq "an absurd Content-Length is 413 (or refused before reading)" 413 "$STATUS"

http GET /healthz
t_eq "the server still answers afterwards" 200 "$STATUS"

# A body just under the cap is read (and refused for what it is, not its size).
printf '{"parent_id":%s,"code":"BIG","name":"' "$BD" >"$T_WORK/almost"
head -c $((1024 * 1024 - 200)) /dev/zero | tr '\0' 'a' >>"$T_WORK/almost"
printf '"}' >>"$T_WORK/almost"
http POST /api/v1/units "${AUTH[@]}" "${JSONCT[@]}" --data-binary @"$T_WORK/almost"
t_eq "a body just under 1 MiB is read and refused as too long a name (400)" 400 "$STATUS"

# --- invalid UTF-8 ---------------------------------------------------------------
printf '{"parent_id":%s,"code":"BAD-UTF8","name":"Ba \xC3\x28nh"}' "$BD" >"$T_WORK/bad.json"
http POST /api/v1/units "${AUTH[@]}" "${JSONCT[@]}" --data-binary @"$T_WORK/bad.json"
t_eq "invalid UTF-8 inside a JSON string is 400" 400 "$STATUS"
t_eq "error code invalid" invalid "$(errcode)"
t_match "with a Vietnamese message" "$UTF8_MSG" "$(errmsg)"
t_eq "and nothing was stored" 0 "$(sql "SELECT COUNT(*) FROM units WHERE code = 'BAD-UTF8'")"

printf '{"login":"admin","password":"adminpass1","x\xFF":1}' >"$T_WORK/badkey.json"
http POST /api/v1/login "${JSONCT[@]}" --data-binary @"$T_WORK/badkey.json"
t_eq "invalid UTF-8 in a JSON key is 400" 400 "$STATUS"
t_match "with a Vietnamese message" "$UTF8_MSG" "$(errmsg)"

printf '{"login":"ad\\u0000min","password":"adminpass1"}' >"$T_WORK/nul.json"
http POST /api/v1/login "${JSONCT[@]}" --data-binary @"$T_WORK/nul.json"
t_eq "an escaped NUL inside a JSON string is 400" 400 "$STATUS"

printf '{"login":"\\udc00admin","password":"adminpass1"}' >"$T_WORK/surrogate.json"
http POST /api/v1/login "${JSONCT[@]}" --data-binary @"$T_WORK/surrogate.json"
t_eq "a lone surrogate escape is 400" 400 "$STATUS"

JAR=$T_WORK/jar
curl -s -c "$JAR" "$BASE/login" -o "$T_WORK/login.html"
PRE=$(grep -o 'name="csrf" value="[^"]*"' "$T_WORK/login.html" | head -1 | sed 's/.*value="//; s/"$//')
http POST /login -b "$JAR" --data "csrf=$PRE&login=ad%C3%28min&password=adminpass1"
t_eq "invalid UTF-8 in a form field is 400" 400 "$STATUS"
t_match "as a Vietnamese HTML page" "$UTF8_MSG" "$BODY"
t_nomatch "that does not echo the bad bytes" ' c3 28 ' "$(printf '%s' "$BODY" | od -An -tx1 -v | tr '\n' ' ')"
t_nomatch "and opens no session" 'set-cookie: tdkt_session=[^;]' "$HEADERS"

http POST /login -b "$JAR" --data "csrf=$PRE&login=admin&password=admin%FFpass1"
t_eq "invalid UTF-8 in a password field is 400" 400 "$STATUS"

http GET '/login?next=/units%C3%28'
t_eq "invalid UTF-8 in a query parameter is 400" 400 "$STATUS"
t_match "with a Vietnamese message" "$UTF8_MSG" "$BODY"
http GET "/api/v1/units?parent_id=%C3%28" "${AUTH[@]}"
t_eq "invalid UTF-8 in an API query parameter is 400" 400 "$STATUS"
t_match "with a Vietnamese message" "$UTF8_MSG" "$(errmsg)"

# --- malformed JSON -----------------------------------------------------------------
api POST /api/v1/login "" '{"login":"admin","password":'
t_eq "truncated JSON is 400" 400 "$STATUS"
t_eq "error code invalid" invalid "$(errcode)"
t_match "with a Vietnamese message" 'JSON không hợp lệ' "$(errmsg)"
api POST /api/v1/login "" "{'login':'admin'}"
t_eq "single-quoted pseudo-JSON is 400" 400 "$STATUS"
api POST /api/v1/login "" '{"login":"admin","password":"adminpass1"} trailing'
t_eq "JSON followed by garbage is 400" 400 "$STATUS"
api POST /api/v1/login "" '[{"login":"admin","password":"adminpass1"}]'
t_eq "a JSON array is 400" 400 "$STATUS"
t_match "saying an object is wanted" 'đối tượng' "$(errmsg)"
api POST /api/v1/login "" '"admin"'
t_eq "a JSON string is 400" 400 "$STATUS"
api POST /api/v1/login "" '{"login":"admin","login":"canbo.hanoi","password":"adminpass1"}'
t_eq "duplicate keys are 400" 400 "$STATUS"
t_nomatch "and no session is opened" '"token"' "$BODY"
api POST /api/v1/units "$ADMIN" "{\"parent_id\":\"$BD\",\"code\":\"TYPE-X\",\"name\":[\"x\"]}"
t_eq "a declared field of the wrong JSON type is 400" 400 "$STATUS"
t_match "naming the field in Vietnamese" 'Tên đơn vị' "$(errmsg)"
api POST /api/v1/units "$ADMIN" "{\"parent_id\":-5,\"code\":\"NEG\",\"name\":\"Âm\"}"
t_eq "a negative id is 400" 400 "$STATUS"
api POST /api/v1/units "$ADMIN" "{\"parent_id\":1.5,\"code\":\"FLOAT\",\"name\":\"Thực\"}"
t_eq "a fractional id is 400" 400 "$STATUS"
api POST /api/v1/units "$ADMIN" "{\"parent_id\":99999999999999999999999,\"code\":\"BIGINT\",\"name\":\"Lớn\"}"
t_eq "an id beyond 64 bits is 400" 400 "$STATUS"
api GET "/api/v1/units?parent_id=abc" "$ADMIN"
t_eq "a non-numeric query id is 400" 400 "$STATUS"
t_match "with a Vietnamese message" 'số nguyên dương' "$(errmsg)"
api GET "/api/v1/units/99999999999999999999" "$ADMIN"
t_eq "a 20-digit path id is 404 (the route wants at most 18 digits)" 404 "$STATUS"

# --- content type --------------------------------------------------------------------
http POST /api/v1/login -H 'Content-Type: text/plain' --data-binary '{"login":"admin","password":"adminpass1"}'
t_eq "an API POST with Content-Type text/plain is 415" 415 "$STATUS"
t_eq "error code unsupported_media_type" unsupported_media_type "$(errcode)"
t_match "with a Vietnamese message" 'JSON' "$(errmsg)"
t_nomatch "and no session is opened" '"token"' "$BODY"
http POST /api/v1/units "${AUTH[@]}" --data "parent_id=$BD&code=FORM-API&name=Biểu+mẫu"
t_eq "an API POST sent as a form is 415" 415 "$STATUS"
t_eq "and nothing was stored" 0 "$(sql "SELECT COUNT(*) FROM units WHERE code = 'FORM-API'")"
http POST /api/v1/login -H 'Content-Type: application/jsonx' --data-binary '{"login":"admin","password":"adminpass1"}'
t_eq "a Content-Type that only starts like JSON is 415" 415 "$STATUS"
http POST /api/v1/login -H 'Content-Type: application/json; charset=utf-8' --data-binary '{"login":"admin","password":"adminpass1"}'
t_eq "application/json with a charset is accepted" 200 "$STATUS"

# --- unknown routes and wrong methods ----------------------------------------------------
api GET /api/v1/khong-co "$ADMIN"
t_eq "unknown API route is 404" 404 "$STATUS"
t_eq "as JSON with code not_found" not_found "$(errcode)"
t_match "and a Vietnamese message" 'Không tìm thấy' "$(errmsg)"
http GET /khong-co-trang-nay
t_eq "unknown page is 404" 404 "$STATUS"
t_match "as HTML" 'content-type: text/html' "$HEADERS"
t_match "with a Vietnamese message" 'Không tìm thấy' "$BODY"
http GET "/units/$BD/extra"
t_eq "a known prefix with a tail is 404" 404 "$STATUS"
http GET "/static/../../etc/passwd" --path-as-is
t_eq "path traversal in a static path is 404" 404 "$STATUS"
t_nomatch "and serves no file" 'root:' "$BODY"

http DELETE /api/v1/units "${AUTH[@]}"
t_eq "DELETE /api/v1/units is 405" 405 "$STATUS"
t_eq "error code method_not_allowed" method_not_allowed "$(errcode)"
t_match "with a Vietnamese message" 'Phương thức' "$(errmsg)"
ALLOW=$(printf '%s\n' "$HEADERS" | sed -n 's/^allow: //p')
t_match "Allow lists GET" '(^|[ ,])get($|[ ,])' "$ALLOW"
t_match "Allow lists POST" '(^|[ ,])post($|[ ,])' "$ALLOW"
t_nomatch "Allow does not list DELETE" 'delete' "$ALLOW"
http GET /logout
t_eq "GET /logout is 405" 405 "$STATUS"
t_match "as a Vietnamese HTML page" 'Phương thức' "$BODY"
t_eq "Allow: POST" post "$(printf '%s\n' "$HEADERS" | sed -n 's/^allow: //p')"
http PUT /api/v1/login -H 'Content-Type: application/json' --data-binary '{}'
t_eq "PUT /api/v1/login is 405" 405 "$STATUS"
t_eq "Allow: POST" post "$(printf '%s\n' "$HEADERS" | sed -n 's/^allow: //p')"
http POST /healthz
t_eq "POST /healthz is 405" 405 "$STATUS"
t_eq "POST /healthz answers Allow: GET, HEAD" 'get, head' "$(printf '%s\n' "$HEADERS" | sed -n 's/^allow: //p')"
t_eq "HEAD on a GET page is 200" 200 "$(curl -s -o /dev/null -w '%{http_code}' -I "$BASE/login")"

# --- over-long strings --------------------------------------------------------------------
LONG=$(head -c 256 /dev/zero | tr '\0' 'a')
api POST /api/v1/units "$ADMIN" "$(jq -nc --argjson p "$BD" --arg n "$LONG" '{parent_id:$p, code:"LONG-1", name:$n}')"
t_eq "a unit name of 256 characters is 400" 400 "$STATUS"
t_match "saying it is too long, in Vietnamese" 'dài quá 255 ký tự' "$(errmsg)"
t_eq "and nothing was stored" 0 "$(sql "SELECT COUNT(*) FROM units WHERE code = 'LONG-1'")"
api POST /api/v1/login "" "$(jq -nc --arg l "$(head -c 65 /dev/zero | tr '\0' 'a')" '{login:$l, password:"x"}')"
t_eq "a login of 65 characters is 400" 400 "$STATUS"
api POST /api/v1/units "$ADMIN" "$(jq -nc --argjson p "$BD" '{parent_id:$p, code:"CODE-OF-THIRTY-THREE-CHARACTERS-X", name:"Mã dài"}')"
t_eq "a unit code of 33 characters is 400" 400 "$STATUS"

# The limit counts characters, as the message says, not bytes: a Vietnamese
# name of 255 characters takes far more than 255 bytes.
VNAME=$(for _ in $(seq 1 51); do printf 'Ưỡng'; done; printf 'Đềđề')
t_eq "the Vietnamese test name has 208 characters" 208 "$(printf '%s' "$VNAME" | wc -m)"
api POST /api/v1/units "$ADMIN" "$(jq -nc --argjson p "$BD" --arg n "$VNAME" '{parent_id:$p, code:"LONG-VI", name:$n}')"
t_eq "a Vietnamese name of 208 characters (over 500 bytes) is accepted" 201 "$STATUS"
t_eq "and stored whole" "$VNAME" "$(printf '%s' "$BODY" | jq -r .name)"
VNAME256=$(for _ in $(seq 1 64); do printf 'Ưỡng'; done)
api POST /api/v1/units "$ADMIN" "$(jq -nc --argjson p "$BD" --arg n "$VNAME256" '{parent_id:$p, code:"LONG-VI2", name:$n}')"
t_eq "a Vietnamese name of 256 characters is 400" 400 "$STATUS"

# --- undeclared parameters -------------------------------------------------------------
api POST /api/v1/units "$ADMIN" "$(jq -nc --argjson p "$BD" '{parent_id:$p, code:"EXTRA", name:"Thêm tham số lạ", id:1, created_at:"x", extra:{"a":[1,2]}, role:"admin"}')"
t_eq "undeclared JSON members (even of odd types) are ignored: 201" 201 "$STATUS"
t_ok "the unit got a fresh id, not the one sent" test "$(printf '%s' "$BODY" | jq -r .id)" != 1
t_match "and a real creation time, not the one sent" '^[0-9]{10}$' "$(sql "SELECT created_at FROM units WHERE code = 'EXTRA'")"
http GET "/api/v1/me?user_id=1&debug=%C3%28" -H "Authorization: Bearer $(api_login canbo.badinh matkhau123)"
t_eq "an undeclared query parameter, even with bad bytes, never reaches the handler: 200" 200 "$STATUS"
t_eq "and does not change whose profile it is" canbo.badinh "$(printf '%s' "$BODY" | jq -r .login)"

# A path parameter cannot be overridden from the query string or the body.
UJAR=$T_WORK/ujar
ui_login "$UJAR" admin adminpass1
TOKEN=$(csrf_of "$UJAR" "/units/$BD")
HBT=$(sql "SELECT id FROM units WHERE code = 'HN-HBT'")
http POST "/units/$BD/children?id=$HBT" -b "$UJAR" --data-urlencode "csrf=$TOKEN" --data-urlencode "id=$HBT" \
  --data-urlencode code=PATH-WINS --data-urlencode 'name=Công đoàn theo đường dẫn'
t_eq "form post with a smuggled id is 303" 303 "$STATUS"
t_eq "and the unit goes under the id in the path" "$BD" "$(sql "SELECT parent_id FROM units WHERE code = 'PATH-WINS'")"

# --- escaping ----------------------------------------------------------------------------
api POST /api/v1/units "$ADMIN" "$(jq -nc --argjson p "$BD" '{parent_id:$p, code:"XSS", name:"<script>alert(1)</script> & \"x\" '"'"'y'"'"'"}')"
t_eq "a hostile name is stored through the API (201)" 201 "$STATUS"
XSS=$(printf '%s' "$BODY" | jq -r .id)
t_eq "and given back verbatim as JSON data" '<script>alert(1)</script> & "x" '"'"'y'"'" "$(printf '%s' "$BODY" | jq -r .name)"
http GET "/units/$XSS" -b "$UJAR"
t_eq "its page answers 200" 200 "$STATUS"
t_match "the name is escaped in the heading" '<h1>&lt;script&gt;alert\(1\)&lt;/script&gt; &amp; ' "$BODY"
t_nomatch "no live script tag" '<script>alert' "$BODY"
http GET "/units/$BD" -b "$UJAR"
t_match "escaped in the parent's list of children too" '&lt;script&gt;alert\(1\)&lt;/script&gt;' "$BODY"
t_nomatch "no live script tag there" '<script>alert' "$BODY"
http GET /audit -b "$UJAR"
t_eq "the audit page answers 200" 200 "$STATUS"
t_nomatch "and shows the name escaped" '<script>alert' "$BODY"
http GET '/login?next=%22%3E%3Cscript%3Ealert(1)%3C/script%3E&login=%22%3E%3Cb%3E'
t_nomatch "reflected login parameters are escaped (no tag)" '<script>alert|"><b>' "$BODY"

# --- normalisation at the boundary ------------------------------------------------------------
# "Phường Đình" written decomposed: ư = u + U+031B, ờ = o + U+031B + U+0300,
# ì = i + U+0300.
printf '{"parent_id":%s,"code":"NFD","name":"Phu\xcc\x9bo\xcc\x9b\xcc\x80ng \xc4\x90i\xcc\x80nh"}' "$BD" >"$T_WORK/nfd.json"
http POST /api/v1/units "${AUTH[@]}" "${JSONCT[@]}" --data-binary @"$T_WORK/nfd.json"
t_eq "a decomposed (NFD) name is accepted" 201 "$STATUS"
NFC_HEX=$(printf 'Ph\xc6\xb0\xe1\xbb\x9dng \xc4\x90\xc3\xacnh' | hex)
t_eq "and answered in NFC" "$NFC_HEX" "$(printf '%s' "$BODY" | jq -j .name | hex)"
api GET "/api/v1/units/$(printf '%s' "$BODY" | jq -r .id)" "$ADMIN"
t_eq "read back through the API it is NFC" "$NFC_HEX" "$(printf '%s' "$BODY" | jq -j .name | hex)"
t_eq "stored in the database as NFC" "$NFC_HEX" "$(sql "SELECT name FROM units WHERE code = 'NFD'" | tr -d '\n' | hex)"

printf '{"parent_id":%s,"code":"ICELAND","name":"\xc3\x90\xc3\xacnh \xc3\xb0\xe1\xbb\x93ng"}' "$BD" >"$T_WORK/eth.json"
http POST /api/v1/units "${AUTH[@]}" "${JSONCT[@]}" --data-binary @"$T_WORK/eth.json"
t_eq "a name with Icelandic Ð/ð (U+00D0/U+00F0) is accepted" 201 "$STATUS"
ETH_HEX=$(printf '\xc4\x90\xc3\xacnh \xc4\x91\xe1\xbb\x93ng' | hex)
t_eq "and stored with Vietnamese Đ/đ (U+0110/U+0111)" "$ETH_HEX" "$(printf '%s' "$BODY" | jq -j .name | hex)"
t_eq "in the database too" "$ETH_HEX" "$(sql "SELECT name FROM units WHERE code = 'ICELAND'" | tr -d '\n' | hex)"

api POST /api/v1/units "$ADMIN" "$(jq -nc --argjson p "$BD" '{parent_id:$p, code:"TRIM", name:"  Công đoàn có khoảng trắng  "}')"
t_eq "surrounding spaces are trimmed" "Công đoàn có khoảng trắng" "$(printf '%s' "$BODY" | jq -r .name)"
api POST /api/v1/units "$ADMIN" "$(jq -nc --argjson p "$BD" '{parent_id:$p, code:"NEWLINE", name:"Hai\ndòng"}')"
t_eq "a line break in a one-line field is 400" 400 "$STATUS"

# --- nothing above was a server error ----------------------------------------------------------
http GET /healthz
t_eq "the server is still healthy" 200 "$STATUS"
t_ok "the access log recorded the requests" test "$(grep -cE ' -> [0-9]{3}' "$T_WORK/server.log")" -gt 60
t_eq "no answer in this script was a 5xx" "" "$(grep -E ' -> 5[0-9][0-9]' "$T_WORK/server.log")"
