#!/usr/bin/env bash
# Emulation registration through the UI forms and the API (issue 4 §2): the
# title catalogue, a unit registering as a collective, many people for one
# title in one request (check boxes and a JSON list), a deadline and a late
# registration with its reason, withdrawal, the "registration required"
# setting, import of a list with a dry run and a row-by-row report, the list
# and its XLSX download, the coverage showing who registered, and an officer
# of another district refused at every step with nothing written.
. "$(dirname "$0")/lib.sh"
start_server

id_of() { sql "SELECT id FROM units WHERE code = '$1'"; }
HN=$(id_of HN); HBT=$(id_of HN-HBT); DM=$(id_of HN-HBT-DM8-3); BD=$(id_of HN-BD)
T_HBT=$(api_login canbo.haibatrung matkhau123)
T_BD=$(api_login canbo.badinh matkhau123)
T_HN=$(api_login canbo.hanoi matkhau123)

# person NAME [CCCD]: a member of Dệt 8-3; prints the id.
person() {
  api POST /api/v1/people "$T_HBT" "$(jq -nc --arg n "$1" --arg c "${2:-}" --argjson u "$DM" \
    '{full_name:$n, unit_id:$u, from_date:"2020-01-01", force:"1"} + (if $c == "" then {} else {cccd:$c} end)')"
  printf '%s' "$BODY" | jq -r .id
}
AN=$(person "Nguyễn Văn An" 001090000101); BINH=$(person "Trần Thị Bình"); CUONG=$(person "Lê Văn Cường")
DUNG=$(person "Phạm Thị Dung")
t_ok "four workers of Dệt 8-3" test "$DUNG" -gt 0
regs() { sql "SELECT COUNT(*) FROM registrations WHERE movement_id = $M AND state = 'active'"; }
audits() { sql "SELECT COUNT(*) FROM audit_log"; }

# --- the catalogue -----------------------------------------------------------------------
api GET "/api/v1/titles?subject=individual" "$T_HBT"
t_match "the catalogue lists Lao động tiên tiến with its legal basis" 'Lao động tiên tiến.*Điều 24|Điều 24.*Lao động tiên tiến' "$BODY"
t_nomatch "individual titles only" 'Tập thể lao động xuất sắc' "$BODY"

# --- the city launches a movement -----------------------------------------------------------
api POST "/api/v1/units/$HN/movements" "$T_HN" '{"name":"Thi đua lao động giỏi năm 2026","kind":"thuong_xuyen",
  "period_from":"2026-01-01","period_to":"2026-12-31","year_label":"2026"}'
M=$(printf '%s' "$BODY" | jq -r .id)
api POST "/api/v1/movements/$M/registrations" "$T_HBT" "{\"unit_id\":$DM,\"title_code\":\"COL_TTLDXS\"}"
t_eq "a draft movement takes no registration" 400 "$STATUS"
t_match "and says so" 'chưa được phát động' "$BODY"
api POST "/api/v1/movements/$M/state" "$T_HN" '{"state":"launched","date":"2026-01-05"}'
t_eq "launched" 200 "$STATUS"

# --- through the UI: a collective, then people by check boxes -------------------------------------
JAR=$T_WORK/hbt.jar
ui_login "$JAR" canbo.haibatrung matkhau123
form() {
  local path=$1; shift
  local args=() kv
  for kv in "$@"; do args+=(--data-urlencode "$kv"); done
  http POST "$path" -b "$JAR" --data-urlencode "csrf=$CSRF" "${args[@]}"
}
http GET "/movements/$M" -b "$JAR"
t_match "the movement page links to registration" "/movements/$M/registrations" "$BODY"
http GET "/movements/$M/registrations?unit_id=$DM" -b "$JAR"
t_eq "the registration screen opens" 200 "$STATUS"
t_match "listing the unit's members with check boxes" "name=\"people\" value=\"$BINH\"" "$BODY"
CSRF=$(printf '%s' "$BODY" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
form "/movements/$M/registrations" "unit_id=$DM" title_code=COL_TTLDXS "targets=Hoàn thành vượt mức kế hoạch"
t_ok "the unit registers as a collective" test "$STATUS" -lt 400
form "/movements/$M/registrations" "unit_id=$DM" title_code=IND_LDTT "people=$AN" "people=$BINH" "people=$CUONG"
t_ok "three people ticked, one title" test "$STATUS" -lt 400
t_match "the page says how many" 'Đã đăng ký cho 3 người' "$BODY"
t_eq "four registrations" 4 "$(regs)"
form "/movements/$M/registrations" "unit_id=$DM" title_code=IND_LDTT "people=$BINH" "people=$DUNG"
t_eq "a person already registered stops the whole set" 409 "$STATUS"
t_match "naming her" 'Trần Thị Bình' "$BODY"
t_eq "nothing more written" 4 "$(regs)"
form "/movements/$M/registrations" "unit_id=$DM" title_code=U_BK_TLD subject=individual
t_eq "the people form with nobody ticked is refused" 400 "$STATUS"
t_match "saying so" 'Chưa chọn người nào' "$BODY"
t_eq "and does not register the unit instead" 0 "$(sql "SELECT COUNT(*) FROM registrations WHERE title_code = 'U_BK_TLD'")"
form "/movements/$M/registrations" "unit_id=$DM" title_code=IND_LDTT "people=12abc"
t_eq "a bad id list is refused" 400 "$STATUS"
t_match "in Vietnamese" 'danh sách số nguyên dương' "$BODY"

# --- the deadline and a late registration ---------------------------------------------------------
api POST "/api/v1/movements/$M/registration-deadline" "$T_HBT" '{"deadline":"2026-01-31"}'
t_eq "a district officer cannot set the city's deadline" 403 "$STATUS"
api POST "/api/v1/movements/$M/registration-deadline" "$T_HN" '{"deadline":"2026-01-31"}'
t_eq "the city sets a deadline that has passed" 200 "$STATUS"
api POST "/api/v1/movements/$M/registrations" "$T_HBT" "{\"people\":[$DUNG],\"title_code\":\"IND_CSTD_CS\"}"
t_eq "after the deadline a registration without reason is refused" 400 "$STATUS"
t_match "naming the deadline" '31/01/2026' "$BODY"
api POST "/api/v1/movements/$M/registrations" "$T_HBT" \
  "{\"people\":[$DUNG],\"title_code\":\"IND_CSTD_CS\",\"late_reason\":\"Nghỉ thai sản đến tháng 3\"}"
t_eq "with a reason it is taken" 201 "$STATUS"
t_eq "and marked late" "true" "$(printf '%s' "$BODY" | jq -r .late)"
t_eq "the reason is kept" "Nghỉ thai sản đến tháng 3" "$(sql "SELECT late_reason FROM registrations WHERE person_id = $DUNG")"
http GET "/movements/$M/registrations?unit_id=$DM" -b "$JAR"
t_match "the screen shows the deadline passed" 'đã quá hạn' "$BODY"
t_match "and the late mark" '>muộn<' "$BODY"

# --- withdraw ---------------------------------------------------------------------------------
R=$(sql "SELECT id FROM registrations WHERE person_id = $CUONG")
api POST "/api/v1/registrations/$R/withdraw" "$T_BD" '{"reason":"x"}'
t_eq "Ba Đình cannot withdraw it" 403 "$STATUS"
api POST "/api/v1/registrations/$R/withdraw" "$T_HBT" '{"reason":"Chuyển công tác"}'
t_eq "Hai Bà Trưng withdraws it" 200 "$STATUS"
api POST "/api/v1/registrations/$R/withdraw" "$T_HBT" '{}'
t_eq "not twice" 409 "$STATUS"

# --- the list, the counts, the download, the coverage -------------------------------------------
api GET "/api/v1/movements/$M/registrations?unit_id=$HBT" "$T_HBT"
t_eq "active, late, withdrawn" "4 1 1" "$(printf '%s' "$BODY" | jq -r '"\(.active) \(.late) \(.withdrawn)"')"
t_eq "counts per title, in catalogue order" "IND_LDTT:2 IND_CSTD_CS:1 COL_TTLDXS:1" \
  "$(printf '%s' "$BODY" | jq -r '[.counts[] | "\(.title_code):\(.count)"] | join(" ")')"
t_eq "collective first, then people in official order (by given name)" "collective An Bình Dung" \
  "$(printf '%s' "$BODY" | jq -r '[.items[0].subject] + [.items[1:][].person_name | split(" ") | last] | join(" ")')"
curl -s -b "$JAR" "$BASE/movements/$M/registrations/export?unit_id=$HBT" -o "$T_WORK/reg.xlsx"
t_ok "the list downloads as XLSX" bash -c "unzip -l '$T_WORK/reg.xlsx' | grep -q 'xl/worksheets/sheet1.xml'"
t_match "with the people and titles" 'Trần Thị Bình' "$(unzip -p "$T_WORK/reg.xlsx" 'xl/*.xml' 2>/dev/null)"
api GET "/api/v1/movements/$M/coverage?subtree=1" "$T_HN"
t_eq "coverage: Dệt 8-3 registered" "true" "$(printf '%s' "$BODY" | jq -r ".units[] | select(.unit_id == $DM) | .registered")"
t_eq "coverage: Ba Đình did not" "false" "$(printf '%s' "$BODY" | jq -r ".units[] | select(.unit_id == $BD) | .registered")"

# --- import from a list ------------------------------------------------------------------------
EMPLOYEE=$(person "Hoàng Văn Em" 001090000102)
api POST /api/v1/people "$T_BD" "$(jq -nc --argjson u "$BD" '{full_name:"Người Ngoài", unit_id:$u, from_date:"2020-01-01", force:"1"}')"
OUTSIDER=$(printf '%s' "$BODY" | jq -r .id)
printf 'STT,Họ và tên,Số CCCD,Mã hồ sơ,Danh hiệu đăng ký,Chỉ tiêu\n1,Nguyễn Văn An,001090000101,,Chiến sĩ thi đua cơ sở,Một sáng kiến\n2,Hoàng Văn Em,001090000102,,lao dong tien tien,\n3,Người Ngoài,,%s,Lao động tiên tiến,\n4,Lê Văn Cường,,%s,Danh hiệu lạ,\n' \
  "$OUTSIDER" "$CUONG" >"$T_WORK/bad.csv"
before=$(audits)
api_upload() { http POST "$1" -H "Authorization: Bearer $2" -H 'Content-Type: text/csv' --data-binary "@$3"; }
api_upload "/api/v1/movements/$M/registrations/import?late_reason=Bổ+sung+danh+sách" "$T_HBT" "$T_WORK/bad.csv"
t_eq "a file with errors is reported" 200 "$STATUS"
t_eq "two rows wrong, by row" "2 4,5" "$(printf '%s' "$BODY" | jq -r '"\(.errors) \([.problems[].row] | map(tostring) | join(","))"')"
t_match "someone of Ba Đình is simply not found" 'Không tìm thấy người này' "$BODY"
t_eq "nothing written" 4 "$(regs)"
t_eq "nothing audited" "$before" "$(audits)"
head -3 "$T_WORK/bad.csv" >"$T_WORK/good.csv"
api_upload "/api/v1/movements/$M/registrations/import?dry_run=1&late_reason=Bổ+sung" "$T_HBT" "$T_WORK/good.csv"
t_eq "the dry run would register two" "2 false" "$(printf '%s' "$BODY" | jq -r '"\(.registered) \(.written)"')"
t_eq "and writes nothing" 4 "$(regs)"
api_upload "/api/v1/movements/$M/registrations/import?late_reason=Bổ+sung" "$T_HBT" "$T_WORK/good.csv"
t_eq "the corrected file is imported" "2 true" "$(printf '%s' "$BODY" | jq -r '"\(.registered) \(.written)"')"
t_eq "six registrations" 6 "$(regs)"
api_upload "/api/v1/movements/$M/registrations/import?late_reason=Bổ+sung" "$T_HBT" "$T_WORK/good.csv"
t_eq "importing it again changes nothing" "0 2" "$(printf '%s' "$BODY" | jq -r '"\(.registered) \(.unchanged)"')"
printf 'x' >"$T_WORK/junk.xlsx"; printf 'PK\003\004junk' >>"$T_WORK/junk.xlsx"
api_upload "/api/v1/movements/$M/registrations/import?late_reason=x" "$T_HBT" "$T_WORK/junk.xlsx"
t_eq "a file that is no list is refused" 400 "$STATUS"
t_eq "nothing written by it" 6 "$(regs)"
# Through the page: the upload form with its report.
CSRF=$(curl -s -b "$JAR" "$BASE/movements/$M/registrations?unit_id=$DM" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
http POST "/movements/$M/registrations/import" -b "$JAR" -F "csrf=$CSRF" -F "unit_id=$DM" -F dry_run=1 \
  -F "late_reason=Bổ sung" -F "file=@$T_WORK/bad.csv;type=text/csv"
t_eq "the page shows the report" 422 "$STATUS"
t_match "row by row" 'Danh hiệu «Danh hiệu lạ» không có trong danh mục' "$BODY"

# The list's own download is a list that imports again: nothing new, nothing wrong.
curl -s -b "$JAR" "$BASE/movements/$M/registrations/export?unit_id=$HBT&format=csv" -o "$T_WORK/back.csv"
api_upload "/api/v1/movements/$M/registrations/import?dry_run=1&late_reason=x" "$T_HBT" "$T_WORK/back.csv"
t_eq "the downloaded list imports back as unchanged" "0 0 5" \
  "$(printf '%s' "$BODY" | jq -r '"\(.errors) \(.registered) \(.unchanged)"')"
http GET /titles -b "$JAR"
t_match "the catalogue page shows the legal basis" 'Chiến sĩ thi đua cơ sở.*Điều 23' "$BODY"

# --- the setting ------------------------------------------------------------------------------
api POST "/api/v1/units/$HBT/settings" "$T_HBT" '{"registration_required":"1"}'
t_eq "Hai Bà Trưng requires registration" 200 "$STATUS"
api GET "/api/v1/units/$DM/settings" "$T_HBT"
t_eq "inherited by Dệt 8-3" "true" "$(printf '%s' "$BODY" | jq -r .registration_required)"
api GET "/api/v1/units/$BD/settings" "$T_BD"
t_eq "not by Ba Đình" "false" "$(printf '%s' "$BODY" | jq -r .registration_required)"
api POST "/api/v1/units/$HBT/settings" "$T_HBT" '{"registration_required":"maybe"}'
t_eq "a bad value is refused" 400 "$STATUS"

# --- another district, at every step -----------------------------------------------------------
# Hai Bà Trưng's own movement, which Ba Đình cannot even see.
api POST "/api/v1/movements/$M/respond" "$T_HBT" "{\"unit_id\":$HBT}"
MH=$(printf '%s' "$BODY" | jq -r .id)
before=$(audits)
api POST "/api/v1/movements/$M/registrations" "$T_BD" "{\"unit_id\":$DM,\"title_code\":\"COL_TTLDTT\",\"late_reason\":\"x\"}"
t_eq "Ba Đình cannot register Dệt 8-3" 403 "$STATUS"
api POST "/api/v1/movements/$M/registrations" "$T_BD" "{\"people\":[$DUNG],\"title_code\":\"IND_LDTT\",\"late_reason\":\"x\"}"
t_eq "nor its people" 403 "$STATUS"
t_nomatch "without naming anyone" 'Phạm Thị Dung' "$BODY"
api_upload "/api/v1/movements/$M/registrations/import?late_reason=x" "$T_BD" "$T_WORK/good.csv"
t_eq "an import names nobody it cannot see" "2" "$(printf '%s' "$BODY" | jq -r .errors)"
api GET "/api/v1/movements/$M/registrations?unit_id=$HBT" "$T_BD"
t_eq "cannot list Hai Bà Trưng's registrations" 403 "$STATUS"
api GET "/api/v1/movements/$M/registrations" "$T_BD"
t_eq "sees none of them in the movement's list" 0 "$(printf '%s' "$BODY" | jq -r '.items | length')"
http GET "/api/v1/movements/$M/registrations/export?unit_id=$HBT" -H "Authorization: Bearer $T_BD"
t_eq "nor download them" 403 "$STATUS"
api POST "/api/v1/units/$HBT/settings" "$T_BD" '{"registration_required":"0"}'
t_eq "nor change Hai Bà Trưng's setting" 403 "$STATUS"
api POST "/api/v1/movements/$MH/registrations" "$T_BD" "{\"unit_id\":$BD,\"title_code\":\"COL_TTLDTT\"}"
t_eq "registering in a movement it cannot see is refused as unknown" 403 "$STATUS"
t_nomatch "without saying anything of the movement" 'phát động' "$BODY"
api_upload "/api/v1/movements/$MH/registrations/import" "$T_BD" "$T_WORK/good.csv"
t_eq "so is importing into it" 403 "$STATUS"
api POST "/api/v1/movements/$MH/registration-deadline" "$T_BD" '{"deadline":"2026-03-01"}'
t_eq "or setting its deadline" 403 "$STATUS"
t_eq "nothing written by Ba Đình" "$before" "$(audits)"
tdkt audit verify >/dev/null 2>&1
t_eq "the audit chain holds" 0 "$?"
