#!/usr/bin/env bash
# The versioned organisation tree through the API, the UI and the command
# line: a province with two district federations; on 01/07/2025 one district
# is dissolved and its grassroots unions move. The tree as of two dates, the
# history with decisions, the scope of the district officer, and refusals.
. "$(dirname "$0")/lib.sh"
start_server

ADMIN=$(api_login admin adminpass1)
TLD=$(tdkt unit list | awk '$1 == "TLD" {print "x"}')
t_eq "init made the top unit" x "$TLD"
api GET /api/v1/units "$ADMIN"
TLD_ID=$(printf '%s' "$BODY" | jq -r '.items[] | select(.code == "TLD") | .id')
t_eq "the top unit is the TLĐ kind, founded 28/07/1929" "TLD 1929-07-28" \
  "$(printf '%s' "$BODY" | jq -r '.items[] | select(.code == "TLD") | "\(.kind) \(.valid_from)"')"

# mk PARENT CODE NAME FROM KIND: creates a dated unit, prints its id.
mk() {
  api POST /api/v1/units "$ADMIN" "$(jq -nc --argjson p "$1" --arg c "$2" --arg n "$3" --arg f "$4" --arg k "$5" \
    '{parent_id:$p, code:$c, name:$n, valid_from:$f, kind:$k, decision_no:"01/QĐ-TLĐ"}')"
  printf '%s' "$BODY" | jq -r .id
}
P=$(mk "$TLD_ID" BN "Liên đoàn Lao động tỉnh Bắc Ninh" 01/01/1997 LDLD_TINH)
D1=$(mk "$P" BN-YP "Liên đoàn Lao động huyện Yên Phong" 1999-01-01 LDLD_HUYEN)
D2=$(mk "$P" BN-TS "Liên đoàn Lao động thành phố Từ Sơn" 1999-01-01 LDLD_HUYEN)
G1=$(mk "$D1" BN-YP-SS "Công đoàn Công ty TNHH Samsung Electronics Việt Nam" 2008-03-25 CDCS)
G2=$(mk "$D1" BN-YP-THYP "Công đoàn Trường THPT Yên Phong số 1" 2001-09-05 CDCS)
t_ok "dated units created" test -n "$G2" -a "$G2" != null

api POST /api/v1/units "$ADMIN" "$(jq -nc --argjson p "$D1" '{parent_id:$p, code:"X1", name:"Đơn vị", valid_from:"1990-01-01"}')"
t_eq "a unit cannot start before its parent" 404 "$STATUS"
t_match "and says why" 'không tồn tại vào ngày thành lập' "$(printf '%s' "$BODY" | jq -r .error.message)"
api POST /api/v1/units "$ADMIN" "$(jq -nc --argjson p "$D1" '{parent_id:$p, code:"X2", name:"Đơn vị", kind:"VUA"}')"
t_eq "an unknown kind is refused" 400 "$STATUS"
api POST /api/v1/units "$ADMIN" "$(jq -nc --argjson p "$D1" '{parent_id:$p, code:"X3", name:"Đơn vị", valid_from:"31/02/2020"}')"
t_eq "an impossible date is refused" 400 "$STATUS"
t_match "with a Vietnamese message" 'ngày có thật' "$(printf '%s' "$BODY" | jq -r .error.message)"

# The district officer of Yên Phong.
api POST /api/v1/users "$ADMIN" '{"login":"canbo.yenphong","full_name":"Nguyễn Thị Hoa","password":"matkhau123"}'
U=$(printf '%s' "$BODY" | jq -r .id)
api POST "/api/v1/users/$U/grants" "$ADMIN" "$(jq -nc --argjson u "$D1" '{unit_id:$u, role:"officer"}')"
YP=$(api_login canbo.yenphong matkhau123)
api GET "/api/v1/units/$G1" "$YP"
t_eq "the district officer sees Samsung's union before the restructuring" 200 "$STATUS"

# 01/07/2025: Samsung's union goes to the province, the school to Từ Sơn, Yên Phong is dissolved.
api POST "/api/v1/units/$D1/dissolve" "$ADMIN" '{"date":"01/07/2025","decision_no":"88/QĐ-LĐLĐ"}'
t_eq "a district with unions under it cannot be dissolved" 409 "$STATUS"
t_match "the reason names what to do" 'hãy chuyển hoặc giải thể' "$(printf '%s' "$BODY" | jq -r .error.message)"
api POST "/api/v1/units/$G1/transfer" "$ADMIN" "$(jq -nc --argjson p "$P" '{parent_id:$p, date:"2025-07-01", decision_no:"88/QĐ-LĐLĐ"}')"
t_eq "transfer to the province" 200 "$STATUS"
t_eq "the unit now hangs under the province" "$P" "$(printf '%s' "$BODY" | jq -r .parent_id)"
api POST "/api/v1/units/$G2/transfer" "$ADMIN" "$(jq -nc --argjson p "$D2" '{parent_id:$p, date:"2025-07-01", decision_no:"88/QĐ-LĐLĐ"}')"
api POST "/api/v1/units/$D1/dissolve" "$ADMIN" '{"date":"01/07/2025","decision_no":"88/QĐ-LĐLĐ"}'
t_eq "then the district is dissolved" 200 "$STATUS"
t_eq "with its end date" 2025-07-01 "$(printf '%s' "$BODY" | jq -r .valid_to)"

codes() { printf '%s' "$BODY" | jq -r '[.items[].code] | join(",")'; }
api GET "/api/v1/units?parent_id=$P&at=2020-01-01" "$ADMIN"
t_eq "the province on 01/01/2020: both districts" "BN-YP,BN-TS" "$(codes)"
api GET "/api/v1/units?parent_id=$D1&at=01/01/2020" "$ADMIN"
t_eq "Yên Phong on 01/01/2020: Samsung and the school" "BN-YP-SS,BN-YP-THYP" "$(codes)"
api GET "/api/v1/units?parent_id=$P&at=2025-07-01" "$ADMIN"
t_eq "the province on 01/07/2025: Samsung's union and Từ Sơn" "BN-YP-SS,BN-TS" "$(codes)"
api GET "/api/v1/units?parent_id=$D2&at=2025-07-01" "$ADMIN"
t_eq "Từ Sơn on 01/07/2025 has the school" "BN-YP-THYP" "$(codes)"
api GET "/api/v1/units?parent_id=$D1&at=2025-07-01" "$ADMIN"
t_eq "the dissolved district has nothing on 01/07/2025" "" "$(codes)"
api GET "/api/v1/units?parent_id=$P&at=2020-02-30" "$ADMIN"
t_eq "an impossible as-of date is refused" 400 "$STATUS"

api GET "/api/v1/units/$G1/history" "$ADMIN"
t_eq "history: created, then transferred with the decision" "create 2008-03-25 01/QĐ-TLĐ|transfer 2025-07-01 88/QĐ-LĐLĐ" \
  "$(printf '%s' "$BODY" | jq -r '[.items[] | "\(.event) \(.date) \(.decision_no)"] | join("|")')"
t_eq "the transfer names the new superior" "Liên đoàn Lao động tỉnh Bắc Ninh" \
  "$(printf '%s' "$BODY" | jq -r '.items[1].other_unit_name')"

api GET "/api/v1/units/$G1" "$YP"
t_eq "the former district officer no longer sees Samsung's union" 403 "$STATUS"
t_nomatch "and learns nothing of it" 'Samsung' "$BODY"
api GET "/api/v1/units/$D1" "$YP"
t_eq "but still sees the dissolved district" 200 "$STATUS"
api POST "/api/v1/units/$G1/rename" "$YP" '{"name":"Tên mới","date":"2025-08-01"}'
t_eq "and cannot rename a unit that left" 403 "$STATUS"

api POST "/api/v1/units/$D2/rename" "$ADMIN" '{"name":"Liên đoàn Lao động phường Từ Sơn","date":"2025-07-01","decision_no":"90/QĐ-LĐLĐ"}'
t_eq "rename" 200 "$STATUS"
api GET "/api/v1/units?parent_id=$P&at=2024-12-31" "$ADMIN"
t_match "the old name shows for 2024" 'Liên đoàn Lao động thành phố Từ Sơn' "$BODY"
api GET "/api/v1/units?parent_id=$P" "$ADMIN"
t_match "the new name today" 'Liên đoàn Lao động phường Từ Sơn' "$BODY"

JAR=$T_WORK/jar
ui_login "$JAR" admin adminpass1
http GET "/units/$P?at=01/01/2020" -b "$JAR"
t_eq "the unit page with an as-of date" 200 "$STATUS"
t_match "shows the 2020 children" 'Liên đoàn Lao động huyện Yên Phong' "$BODY"
t_match "with the date in Vietnamese form" 'Đơn vị trực thuộc ngày 01/01/2020' "$BODY"
http GET "/units/$G1" -b "$JAR"
t_match "the history on the page names the decision" '88/QĐ-LĐLĐ' "$BODY"
t_match "and the event in Vietnamese" 'Điều chuyển về' "$BODY"
CSRF=$(csrf_of "$JAR" "/units/$P")
http POST "/units/$P/split" -b "$JAR" --data-urlencode "csrf=$CSRF" --data-urlencode "code=BN-YP-NEW" \
  --data-urlencode "name=Công đoàn xã Yên Phong" --data-urlencode "date=01/07/2025" --data-urlencode "decision_no=91/QĐ-LĐLĐ"
t_eq "a split from the page goes to the new unit" 303 "$STATUS"
http POST "/units/$G1/transfer" -b "$JAR" --data-urlencode "csrf=$CSRF" --data-urlencode "parent_id=$G1" \
  --data-urlencode "date=02/07/2025"
t_eq "a transfer into itself comes back refused" 400 "$STATUS"
t_match "with the reason on the page" 'Không thể chuyển đơn vị vào chính nó' "$BODY"
t_match "the page asks for the new superior by code" 'name="parent_code"' "$BODY"
t_nomatch "not from a list of every unit" '<option value="[0-9]' "$BODY"
G1_CODE=$(sql "SELECT code FROM units WHERE id = $G1")
http POST "/units/$G1/transfer" -b "$JAR" --data-urlencode "csrf=$CSRF" --data-urlencode "parent_code=KHONG-CO" \
  --data-urlencode "date=02/07/2025"
t_eq "a code that names no unit comes back refused" 400 "$STATUS"
t_match "saying so in Vietnamese" 'Không tìm thấy đơn vị có mã “KHONG-CO”' "$BODY"
http POST "/units/$G1/merge" -b "$JAR" --data-urlencode "csrf=$CSRF" --data-urlencode "into_code=$G1_CODE" \
  --data-urlencode "date=02/07/2025"
t_eq "a merge into itself, named by its code, comes back refused" 400 "$STATUS"
t_eq "and changes nothing" "" "$(sql "SELECT valid_to FROM units WHERE id = $G1")"

out=$(tdkt unit list --at 01/01/2020)
t_match "the command line shows the 2020 tree" '    BN-YP +Liên đoàn Lao động huyện Yên Phong' "$out"
out=$(tdkt unit list --at 01/07/2025)
t_nomatch "and on 01/07/2025 no Yên Phong district" 'huyện Yên Phong' "$out"
out=$(tdkt unit history BN-YP-SS)
t_match "history from the command line" 'transfer +88/QĐ-LĐLĐ' "$out"
t_ok "the audit chain holds" tdkt audit verify
