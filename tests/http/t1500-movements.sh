#!/usr/bin/env bash
# Emulation movements end to end (issue 4 §1): the city federation launches a
# movement, two district federations and some grassroots unions take it up
# (three levels), one grassroots union never answers; coverage shows who did
# what, the cascade page colours it, the lists download as XLSX, and an
# officer of another district is refused at every step.
. "$(dirname "$0")/lib.sh"
start_server

id_of() { sql "SELECT id FROM units WHERE code = '$1'"; }
HN=$(id_of HN); BD=$(id_of HN-BD); HBT=$(id_of HN-HBT)
PX=$(id_of HN-BD-PHUCXA); NTT=$(id_of HN-BD-THCS-NTT); TN=$(id_of HN-HBT-BVTN); DM=$(id_of HN-HBT-DM8-3)
T_HN=$(api_login canbo.hanoi matkhau123)
T_BD=$(api_login canbo.badinh matkhau123)
T_HBT=$(api_login canbo.haibatrung matkhau123)

# state TOKEN MOVEMENT STATE DATE: moves a movement on; prints the HTTP status.
state() {
  api POST "/api/v1/movements/$2/state" "$1" "$(jq -nc --arg s "$3" --arg d "$4" '{state:$s, date:$d}')"
  echo "$STATUS"
}
# respond TOKEN MOVEMENT UNIT: prints the new movement's id (or the status).
respond() {
  api POST "/api/v1/movements/$2/respond" "$1" "{\"unit_id\":$3}"
  if [ "$STATUS" = 201 ]; then printf '%s' "$BODY" | jq -r .id; else echo "HTTP$STATUS"; fi
}

# --- launch --------------------------------------------------------------------------
api POST "/api/v1/units/$HN/movements" "$T_HN" '{"name":"Thi đua lao động giỏi, lao động sáng tạo năm 2026",
  "kind":"thuong_xuyen","period_from":"2026-01-01","period_to":"2026-12-31","year_label":"2026",
  "target_unit_kind":"CDCS","target_people":"cong_nhan","titles":"IND_LDTT,COL_TTLDXS",
  "goals":"100% công đoàn cơ sở tổ chức phát động"}'
t_eq "the city drafts a movement" 201 "$STATUS"
M=$(printf '%s' "$BODY" | jq -r .id)
api POST "/api/v1/units/$HN/movements" "$T_HN" '{"name":"X","kind":"vui_choi","period_from":"2026-01-01","period_to":"2026-12-31"}'
t_eq "an unknown kind is refused" 400 "$STATUS"
t_match "in Vietnamese" 'Loại phong trào phải là' "$(printf '%s' "$BODY" | jq -r .error.message)"
api POST "/api/v1/units/$HN/movements" "$T_HN" '{"name":"X","kind":"theo_dot","period_from":"2026-01-01","period_to":"2026-12-31","target_unit_kind":"VUA"}'
t_eq "an unknown target unit kind is refused" 400 "$STATUS"
t_eq "a draft cannot be answered" HTTP400 "$(respond "$T_BD" "$M" "$BD")"
t_eq "the city launches it" 200 "$(state "$T_HN" "$M" launched 2026-01-15)"
t_eq "a second launch is refused" 400 "$(state "$T_HN" "$M" launched 2026-01-16)"
api GET "/api/v1/movements/$M" "$T_HN"
t_eq "target group and titles are kept" "CDCS cong_nhan IND_LDTT,COL_TTLDXS" \
  "$(printf '%s' "$BODY" | jq -r '"\(.target_unit_kind) \(.target_people) \(.titles)"')"

# --- the cascade: three levels ---------------------------------------------------------
M_BD=$(respond "$T_BD" "$M" "$BD")
t_ok "Ba Đình answers" test "$M_BD" -gt 0
t_eq "Ba Đình launches its own" 200 "$(state "$T_BD" "$M_BD" launched 2026-01-20)"
M_PX=$(respond "$T_BD" "$M_BD" "$PX")
t_ok "Phúc Xá answers Ba Đình" test "$M_PX" -gt 0
t_eq "and launches" 200 "$(state "$T_BD" "$M_PX" launched 2026-02-01)"
M_HBT=$(respond "$T_HBT" "$M" "$HBT")
t_eq "Hai Bà Trưng launches" 200 "$(state "$T_HBT" "$M_HBT" launched 2026-01-22)"
t_eq "holds an interim review" 200 "$(state "$T_HBT" "$M_HBT" interim 2026-06-30)"
t_eq "a review dated before the last step is refused" 400 "$(state "$T_HBT" "$M_HBT" final 2026-06-01)"
t_eq "holds the final review" 200 "$(state "$T_HBT" "$M_HBT" final 2026-12-20)"
M_TN=$(respond "$T_HBT" "$M_HBT" "$TN")
t_ok "Thanh Nhàn drafts its answer" test "$M_TN" -gt 0
t_eq "a second answer of the same unit is refused" HTTP409 "$(respond "$T_HBT" "$M_HBT" "$TN")"

api GET "/api/v1/movements/$M/coverage?subtree=1" "$T_HN"
t_eq "coverage counts six units under the city" 6 "$(printf '%s' "$BODY" | jq .total)"
t_eq "four responded" "4 66,7 %" "$(printf '%s' "$BODY" | jq -r '"\(.responded.count) \(.responded.share)"')"
t_eq "three launched" "3 50 %" "$(printf '%s' "$BODY" | jq -r '"\(.launched.count) \(.launched.share)"')"
t_eq "one reviewed" "1 1" "$(printf '%s' "$BODY" | jq -r '"\(.interim.count) \(.final.count)"')"
t_eq "the school that never answered shows as such" false \
  "$(printf '%s' "$BODY" | jq -r ".units[] | select(.unit_id == $NTT) | .responded")"
t_eq "Phúc Xá counts through Ba Đình's movement" "true true" \
  "$(printf '%s' "$BODY" | jq -r ".units[] | select(.unit_id == $PX) | \"\(.responded) \(.launched)\"")"
api GET "/api/v1/movements/$M/coverage" "$T_HN"
t_eq "without subtree: the two districts, both launched" "2 2" "$(printf '%s' "$BODY" | jq -r '"\(.total) \(.launched.count)"')"

# --- versions after launch --------------------------------------------------------------
api POST "/api/v1/movements/$M" "$T_HN" '{"name":"Thi đua lao động giỏi, lao động sáng tạo năm 2026","kind":"thuong_xuyen",
  "period_from":"2026-01-01","period_to":"2026-12-31","goals":"100% công đoàn cơ sở phát động; 50 sáng kiến"}'
t_eq "an edit after launch" 200 "$STATUS"
api GET "/api/v1/movements/$M" "$T_HN"
t_eq "adds version 2 and keeps version 1" "2 2 100% công đoàn cơ sở tổ chức phát động" \
  "$(printf '%s' "$BODY" | jq -r '"\(.version) \(.versions | length) \(.versions[0].goals)"')"

# --- another district is refused at every step -----------------------------------------
api GET "/api/v1/movements/$M_HBT" "$T_BD"
t_eq "Ba Đình cannot read Hai Bà Trưng's movement" 403 "$STATUS"
t_nomatch "nor learn its name" 'Thi đua' "$BODY"
t_eq "nor answer it for its own unit" HTTP403 "$(respond "$T_BD" "$M_HBT" "$BD")"
t_eq "nor answer the city's for a Hai Bà Trưng union" HTTP403 "$(respond "$T_BD" "$M" "$DM")"
t_eq "nor move it on" 403 "$(state "$T_BD" "$M_HBT" closed 2026-12-31)"
t_eq "nor move the city's on" 403 "$(state "$T_BD" "$M" interim 2026-06-30)"
api GET "/api/v1/movements/$M/coverage?subtree=1" "$T_BD"
t_eq "nor read the city's coverage" 403 "$STATUS"
api GET "/api/v1/units/$HBT/movements" "$T_BD"
t_eq "nor list Hai Bà Trưng's movements" 403 "$STATUS"
api GET "/api/v1/movements/$M" "$T_BD"
t_eq "but it sees the city's movement it must answer" 200 "$STATUS"
t_eq "nothing of the refusals was written" 0 "$(sql "SELECT COUNT(*) FROM movements WHERE owner_unit_id = $DM")"

# --- the UI ------------------------------------------------------------------------------
JAR=$T_WORK/hn.jar
ui_login "$JAR" canbo.hanoi matkhau123
http GET "/movements/$M" -b "$JAR"
t_eq "the movement page" 200 "$STATUS"
t_match "shows the coverage figure" '66,7 %' "$BODY"
t_match "colours the unit that never answered" "cov-none\"><a href=\"/units/$NTT\"" "$BODY"
t_match "and the one that finished" "cov-final\"><a href=\"/movements/$M_HBT\"" "$BODY"
t_match "nests Phúc Xá under Ba Đình" "/movements/$M_BD\">[^<]*</a> <span class=\"badge\">[^<]*</span><ul><li class=\"cov-launched\"><a href=\"/movements/$M_PX\"" "$BODY"
curl -s -b "$JAR" "$BASE/movements/$M/coverage" -o "$T_WORK/cov.xlsx"
t_eq "the coverage downloads as XLSX" PK "$(head -c 2 "$T_WORK/cov.xlsx")"
t_match "with every unit" 'Trường THCS Nguyễn Tri Phương' "$(unzip -p "$T_WORK/cov.xlsx" xl/sharedStrings.xml 2>/dev/null; unzip -p "$T_WORK/cov.xlsx" xl/worksheets/sheet1.xml 2>/dev/null)"
curl -s -b "$JAR" "$BASE/units/$HN/movements/export?format=csv" -o "$T_WORK/list.csv"
t_match "the unit's list downloads as CSV" 'Thi đua lao động giỏi' "$(cat "$T_WORK/list.csv")"

JAR2=$T_WORK/bd.jar
ui_login "$JAR2" canbo.badinh matkhau123
http GET "/units/$NTT/movements" -b "$JAR2"
t_match "the school sees the movement of Ba Đình to answer" "action=\"/movements/$M_BD/respond\"" "$BODY"
CSRF=$(csrf_of "$JAR2" "/units/$NTT/movements")
http POST "/movements/$M_BD/respond" -b "$JAR2" --data-urlencode "csrf=$CSRF" --data-urlencode "unit_id=$NTT"
t_eq "answering through the form goes to the new movement" 303 "$STATUS"
http POST "/movements/$M_HBT/state" -b "$JAR2" --data-urlencode "csrf=$CSRF" --data-urlencode "state=closed" \
  --data-urlencode "date=31/12/2026"
t_eq "the form refuses another district's movement" 403 "$STATUS"
http POST "/units/$BD/movements" -b "$JAR2" --data-urlencode "csrf=$CSRF" --data-urlencode "name=Thi đua" \
  --data-urlencode "kind=theo_dot" --data-urlencode "period_from=01/05/2026" --data-urlencode "period_to=01/04/2026"
t_eq "a period that ends before it starts" 400 "$STATUS"
t_match "comes back with the reason" 'Ngày kết thúc không được trước ngày bắt đầu' "$BODY"
t_match "and what was typed" 'value="01/05/2026"' "$BODY"
api GET "/api/v1/movements/$M/coverage?subtree=1" "$T_HN"
t_eq "now five of six responded" "5 83,3 %" "$(printf '%s' "$BODY" | jq -r '"\(.responded.count) \(.responded.share)"')"
t_ok "the audit chain holds" tdkt audit verify
