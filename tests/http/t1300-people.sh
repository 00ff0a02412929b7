#!/usr/bin/env bash
# People through the API and the UI: creating with validation, duplicates and
# the merge that keeps both histories, official list order, a transfer, search
# with and without diacritics, and another district's officer seeing nothing.
. "$(dirname "$0")/lib.sh"
start_server

BD=$(api_login canbo.badinh matkhau123)
HBT=$(api_login canbo.haibatrung matkhau123)
ADMIN=$(api_login admin adminpass1)
unit_id() { sql "SELECT id FROM units WHERE code = '$1'"; }
PX=$(unit_id HN-BD-PHUCXA)
NTT=$(unit_id HN-BD-THCS-NTT)
BV=$(unit_id HN-HBT-BVTN)

# add NAME CCCD BIRTH UNIT: creates a person as the Ba Đình officer; ID gets the id.
add() {
  api POST /api/v1/people "$BD" "$(jq -nc --arg n "$1" --arg c "$2" --arg b "$3" --argjson u "$4" \
    '{full_name:$n, birth_date:$b, unit_id:$u, from_date:"2020-01-01", gender:"nam"} + (if $c == "" then {} else {cccd:$c} end)')"
  ID=$(printf '%s' "$BODY" | jq -r '.id // empty')
}
add "Trần Văn Đức" 001085012345 1985-03-02 "$PX"; A=$ID
t_eq "a person is created" 201 "$STATUS"
add "Nguyễn Thị Ánh" 001190000001 1990-05-06 "$PX"
add "Lê Văn An" "" 1978 "$PX"
add "Phạm Thị Ân" "" 1992-11-20 "$PX"
add "Đỗ Đức Anh" "" 1988 "$PX"
add "Hoàng Minh Dũng" "" 1980 "$PX"

api GET "/api/v1/people?unit_id=$PX" "$BD"
t_eq "the list is in official order: by given name, a ă â, d đ, then the rest" \
  "Lê Văn An|Đỗ Đức Anh|Nguyễn Thị Ánh|Phạm Thị Ân|Hoàng Minh Dũng|Trần Văn Đức" \
  "$(printf '%s' "$BODY" | jq -r '[.items[].full_name] | join("|")')"
t_eq "with the total" 6 "$(printf '%s' "$BODY" | jq -r .total)"
t_eq "counted exactly" true "$(printf '%s' "$BODY" | jq -r .total_exact)"

# Keyset paging: pages of four and two follow on, and back gives the first.
api GET "/api/v1/people?unit_id=$PX&limit=4" "$BD"
NEXT=$(printf '%s' "$BODY" | jq -r .next)
t_eq "a first page of four has no previous page" null "$(printf '%s' "$BODY" | jq -r .prev)"
api GET "/api/v1/people?unit_id=$PX&limit=4&after=$(jq -rn --arg s "$NEXT" '$s|@uri')" "$BD"
t_eq "the next page holds the rest, in order" "Hoàng Minh Dũng|Trần Văn Đức|null" \
  "$(printf '%s' "$BODY" | jq -r '[.items[].full_name, (.next // "null")] | join("|")')"
PREV=$(printf '%s' "$BODY" | jq -r .prev)
api GET "/api/v1/people?unit_id=$PX&limit=4&before=$(jq -rn --arg s "$PREV" '$s|@uri')" "$BD"
t_eq "and the page before it is the first again" "Lê Văn An|Đỗ Đức Anh|Nguyễn Thị Ánh|Phạm Thị Ân" \
  "$(printf '%s' "$BODY" | jq -r '[.items[].full_name] | join("|")')"
api GET "/api/v1/people?unit_id=$PX&after=xyz" "$BD"
t_eq "a position that is not one is refused" 400 "$STATUS"
t_match "in Vietnamese" 'vị trí trang' "$(printf '%s' "$BODY" | jq -r .error.message)"
api GET "/api/v1/people?unit_id=$PX&limit=4&after=$(jq -rn --arg s "$NEXT" '$s|@uri')" "$HBT"
t_eq "another district's officer gets nothing with the position" 403 "$STATUS"

add "Ngô Văn Bình" 12345 1980 "$PX"
t_eq "a CCCD that is not 12 digits is refused" 400 "$STATUS"
t_match "with a Vietnamese reason" 'CCCD' "$(printf '%s' "$BODY" | jq -r .error.message)"
add "Người Khác" 001085012345 1970 "$PX"
t_eq "a CCCD already used is refused" 409 "$STATUS"
api POST /api/v1/people "$BD" "$(jq -nc --argjson u "$PX" '{full_name:"Lê Văn An", birth_date:"1978-04-01", unit_id:$u, from_date:"2021-01-01"}')"
t_eq "the same name and birth year without CCCD: a duplicate warning" 409 "$STATUS"
DUP_OF=$(printf '%s' "$BODY" | jq -r .error.existing_id)
t_match "naming the existing record" '^[0-9]+$' "$DUP_OF"
api POST /api/v1/people "$BD" "$(jq -nc --argjson u "$PX" '{full_name:"Lê Văn An", birth_date:"1978-04-01", unit_id:$u, from_date:"2021-01-01", force:"1"}')"
t_eq "created anyway when the officer says it is someone else" 201 "$STATUS"
SECOND=$(printf '%s' "$BODY" | jq -r .id)
api POST "/api/v1/people/$DUP_OF/ratings" "$BD" '{"year":"2020","rating":"HTTNV","source_doc":"QĐ 12/2020"}'
t_eq "a rating for 2020" 200 "$STATUS"
api POST "/api/v1/people/$SECOND/ratings" "$BD" '{"year":"2021","rating":"HTXSNV"}'
api POST "/api/v1/people/$DUP_OF/merge" "$BD" "$(jq -nc --argjson g "$SECOND" '{gone_id:$g}')"
t_eq "then merged: it was the same person after all" 200 "$STATUS"
t_eq "both histories are kept" "2020 HTTNV|2021 HTXSNV" "$(printf '%s' "$BODY" | jq -r '[.ratings[] | "\(.year) \(.rating)"] | join("|")')"
t_eq "the full birth date filled the year-only one" 1978-04-01 "$(printf '%s' "$BODY" | jq -r .birth_date)"
api GET "/api/v1/people/$SECOND" "$BD"
t_eq "the merged record points to the survivor" "$DUP_OF" "$(printf '%s' "$BODY" | jq -r .merged_into)"
t_ok "the merge is in the audit log" test "$(sql "SELECT COUNT(*) FROM audit_log WHERE entity = 'person' AND action LIKE 'merge%'")" -ge 1

api POST "/api/v1/people/$A/memberships" "$BD" "$(jq -nc --argjson u "$NTT" '{unit_id:$u, from_date:"2024-09-01", position:"Giáo viên"}')"
t_eq "a transfer inside the district" 201 "$STATUS"
t_eq "keeps one history" "HN-BD-PHUCXA 2020-01-01 2024-09-01|HN-BD-THCS-NTT 2024-09-01 null" \
  "$(printf '%s' "$BODY" | jq -r '[.memberships[] | "\(.unit_code) \(.from_date) \(.to_date)"] | join("|")')"
api GET "/api/v1/people?unit_id=$PX&at=2023-01-01" "$BD"
t_match "on 01/01/2023 he was still at Phúc Xá" 'Trần Văn Đức' "$BODY"
api GET "/api/v1/people?unit_id=$PX" "$BD"
t_nomatch "today he is not" 'Trần Văn Đức' "$BODY"

q() { api GET "/api/v1/search?q=$(jq -rn --arg s "$1" '$s|@uri')" "$2"; printf '%s' "$BODY" | jq -r '[.items[].name] | join("|")'; }
t_eq "duc finds Đức and Đức Anh (whole words, shorter names first)" "Đỗ Đức Anh|Trần Văn Đức" "$(q duc "$BD")"
t_eq "nguyen thi finds Nguyễn Thị Ánh" "Nguyễn Thị Ánh" "$(q "nguyen thi" "$BD")"
t_eq "decomposed (NFD) input finds the same" "Nguyễn Thị Ánh" "$(q "$(printf 'Nguye\xcc\x82\xcc\x83n')" "$BD")"
t_eq "any case" "Hoàng Minh Dũng" "$(q "HOANG MINH" "$BD")"
t_eq "the other district's officer finds nobody" "" "$(q duc "$HBT")"
api GET "/api/v1/people/$A" "$HBT"
t_eq "nor opens the record" 403 "$STATUS"
t_nomatch "which names nothing" 'Đức' "$BODY"
api GET "/api/v1/people?unit_id=$PX" "$HBT"
t_eq "nor lists the unit" 403 "$STATUS"
api POST /api/v1/people "$HBT" "$(jq -nc --argjson u "$PX" '{full_name:"X Y", unit_id:$u, from_date:"2024-01-01"}')"
t_eq "nor adds people to it" 403 "$STATUS"
api POST /api/v1/people "$BD" "$(jq -nc --argjson u "$BV" '{full_name:"X Y", unit_id:$u, from_date:"2024-01-01"}')"
t_eq "and Ba Đình cannot add to Hai Bà Trưng's hospital" 403 "$STATUS"

JAR=$T_WORK/jar
ui_login "$JAR" canbo.badinh matkhau123
http GET "/units/$PX/people" -b "$JAR"
t_eq "the unit's list page" 200 "$STATUS"
t_match "shows names in Vietnamese" 'Nguyễn Thị Ánh' "$BODY"
t_match "with the count" '<p>[0-9]+ người\. ' "$BODY"
http GET "/people/$A" -b "$JAR"
t_match "the person page shows the history" 'Quá trình sinh hoạt công đoàn' "$BODY"
http GET "/search?q=anh" -b "$JAR"
t_match "the search page finds Ánh without marks" 'Nguyễn Thị Ánh' "$BODY"
CSRF=$(csrf_of "$JAR" "/people/new?unit_id=$PX")
http POST /people -b "$JAR" --data-urlencode "csrf=$CSRF" --data-urlencode "unit_id=$PX" \
  --data-urlencode "full_name=Vũ Thị Lan" --data-urlencode "gender=nữ" --data-urlencode "birth_date=02/09/1995" \
  --data-urlencode "from_date=01/01/2024"
t_eq "the UI form adds a person" 303 "$STATUS"
http POST /people -b "$JAR" --data-urlencode "csrf=$CSRF" --data-urlencode "unit_id=$PX" \
  --data-urlencode "full_name=Vũ Thị Mai" --data-urlencode "gender=khác" --data-urlencode "from_date=01/01/2024"
t_eq "an unknown gender comes back refused" 400 "$STATUS"
t_match "with the reason" 'Giới tính phải là' "$BODY"
t_ok "the audit chain holds" tdkt audit verify
