#!/usr/bin/env bash
# Import and export through the API and the UI: a file with errors checked
# as a job (nothing written, a row-by-row report), the corrected file checked
# and then imported for real from the check, the same file again changing
# nothing; hostile files refused; the UI wizard (multipart upload → check →
# report → import) and the export buttons with their downloads; another
# district's officer kept out of it all.
. "$(dirname "$0")/lib.sh"
start_server

BD=$(api_login canbo.badinh matkhau123)
HBT=$(api_login canbo.haibatrung matkhau123)
unit_id() { sql "SELECT id FROM units WHERE code = '$1'"; }
BDU=$(unit_id HN-BD)
PX=$(unit_id HN-BD-PHUCXA)
people() { sql "SELECT COUNT(*) FROM persons"; }
audits() { sql "SELECT COUNT(*) FROM audit_log"; }

# wait_job PATH TOKEN: polls the API until the job has ended; BODY holds it.
wait_job() {
  local state=""
  for _ in $(seq 1 200); do
    api GET "$1" "$2"
    state=$(printf '%s' "$BODY" | jq -r .state)
    [ "$state" = done ] || [ "$state" = failed ] && return 0
    sleep 0.05
  done
  return 1
}
# upload FILE QUERY TOKEN: POST /api/v1/imports with the file as the body.
upload() {
  http POST "/api/v1/imports?$2" -H "Authorization: Bearer $3" -H 'Accept: application/json' \
    -H 'Content-Type: text/csv' --data-binary "@$1"
}

cat >"$T_WORK/bad.csv" <<'EOF'
Họ và tên,Giới tính,Ngày sinh,Số CCCD,Mã đơn vị,Từ ngày
Nguyễn Văn An,Nam,02/03/1985,001085012345,HN-BD-PHUCXA,01/01/2020
,Nữ,1990,,HN-BD-PHUCXA,
Trần Thị Bình,Nữ,31/02/1990,001190000001,HN-BD-PHUCXA,
Lê Văn Cường,Nam,1980,12345,HN-BD-PHUCXA,
Phạm Văn Dũng,Nam,1981,001081000002,HN-HBT-BVTN,
Vũ Văn Phong,Nam,1983,001085012345,HN-BD-THCS-NTT,
EOF
cat >"$T_WORK/good.csv" <<'EOF'
Họ và tên,Giới tính,Ngày sinh,Số CCCD,Mã đơn vị,Chức vụ,Từ ngày
Nguyễn Văn An,Nam,02/03/1985,001085012345,HN-BD-PHUCXA,Tổ trưởng,01/01/2020
Trần Thị Bình,Nữ,28/02/1990,001190000001,HN-BD-PHUCXA,,01/01/2020
Lê Văn Cường,Nam,1980,001080000005,HN-BD-THCS-NTT,Giáo viên,05/09/2020
Đỗ Thị Dung,Nữ,1992,,,,01/01/2021
EOF

# --- the API: a check with errors writes nothing ------------------------------------------
P0=$(people); A0=$(audits)
upload "$T_WORK/bad.csv" "kind=people&dry_run=1&unit_id=$BDU&filename=bad.csv" "$BD"
t_eq "a file is accepted as a check job" 202 "$STATUS"
t_match "the answer points at the job" '^location: /api/v1/imports/[0-9]+' "$HEADERS"
JOB=$(printf '%s' "$BODY" | jq -r .id)
t_ok "the check ends" wait_job "/api/v1/imports/$JOB" "$BD"
t_eq "a file with errors fails its check" failed "$(printf '%s' "$BODY" | jq -r .state)"
t_match "saying how many errors, in Vietnamese" 'Tệp có 5 lỗi; chưa nhập gì' "$(printf '%s' "$BODY" | jq -r .message)"
t_eq "the report names row 3: no name" "Thiếu họ và tên." \
  "$(printf '%s' "$BODY" | jq -r '.report.problems[] | select(.row == 3) | .message')"
t_match "row 4: the date" 'Ngày sinh «31/02/1990» không hợp lệ' "$(printf '%s' "$BODY" | jq -r '.report.problems[] | select(.row == 4) | .message')"
t_match "row 5: the CCCD" 'Số CCCD «12345»' "$(printf '%s' "$BODY" | jq -r '.report.problems[] | select(.row == 5) | .message')"
t_eq "row 6: another district's unit reads as unknown" "Không tìm thấy đơn vị có mã «HN-HBT-BVTN» trong phạm vi quản lý của bạn." \
  "$(printf '%s' "$BODY" | jq -r '.report.problems[] | select(.row == 6) | .message')"
t_match "row 7: the same CCCD twice" 'Trùng số CCCD 001085012345 với dòng 2' "$(printf '%s' "$BODY" | jq -r '.report.problems[] | select(.row == 7) | .message')"
t_eq "no commit is offered" null "$(printf '%s' "$BODY" | jq -r .commit)"
api POST "/api/v1/imports/$JOB/commit" "$BD" '{}'
t_eq "and none is accepted" 409 "$STATUS"
t_eq "nothing was written" "$P0" "$(people)"
http GET "/imports/$JOB/report" -H "Authorization: Bearer $BD"
t_eq "the report downloads as CSV" 200 "$STATUS"
t_match "with Vietnamese headers" 'Dòng,Mức,Cột,Nội dung' "$BODY"

# --- corrected: checked, then imported from the check ------------------------------------------
upload "$T_WORK/good.csv" "kind=people&dry_run=1&unit_id=$BDU&filename=good.csv" "$BD"
JOB=$(printf '%s' "$BODY" | jq -r .id)
wait_job "/api/v1/imports/$JOB" "$BD"
t_eq "the corrected file passes its check" done "$(printf '%s' "$BODY" | jq -r .state)"
t_match "which says what would be done" 'sẽ thêm mới 4' "$(printf '%s' "$BODY" | jq -r .message)"
t_eq "still nothing written" "$P0" "$(people)"
t_eq "and no audit entry but the job's" "$((A0 + 2))" "$(audits)"
api POST "/api/v1/imports/$JOB/commit" "$BD" '{}'
t_eq "the import is started from the check" 202 "$STATUS"
JOB2=$(printf '%s' "$BODY" | jq -r .id)
wait_job "/api/v1/imports/$JOB2" "$BD"
t_eq "the import is done" done "$(printf '%s' "$BODY" | jq -r .state)"
t_match "everything was written" 'Đã nhập 4 dòng: thêm mới 4' "$(printf '%s' "$BODY" | jq -r .message)"
t_eq "four people more" "$((P0 + 4))" "$(people)"
t_eq "without a unit code: the unit imported into" "Đỗ Thị Dung" \
  "$(sql "SELECT p.full_name FROM persons p JOIN memberships m ON m.person_id = p.id WHERE m.unit_id = $BDU")"
t_ok "the creations are audited" test "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'import_create'")" -ge 3

A1=$(audits)
upload "$T_WORK/good.csv" "kind=people&dry_run=0&unit_id=$BDU&filename=good.csv" "$BD"
JOB3=$(printf '%s' "$BODY" | jq -r .id)
wait_job "/api/v1/imports/$JOB3" "$BD"
t_match "the same file again changes nothing" 'Không có gì thay đổi: 4 dòng' "$(printf '%s' "$BODY" | jq -r .message)"
t_eq "no one added" "$((P0 + 4))" "$(people)"
t_eq "and no audit entry but the job's submission" "$((A1 + 1))" "$(audits)"

# --- hostile files ---------------------------------------------------------------------------
mkzip() { # mkzip OUT SHEET_XML: a minimal workbook around SHEET_XML ("BOMB": 150 MB of zeros)
  python3 - "$1" "$2" <<'EOF'
import sys, zipfile
out, sheet = sys.argv[1], sys.argv[2]
if sheet == "BOMB":
    sheet = b"\0" * (150 << 20)
z = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)
z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
z.writestr("xl/worksheets/sheet1.xml", sheet)
z.close()
EOF
}
HEAD='<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Họ và tên</t></is></c><c r="B1" t="inlineStr"><is><t>Mã đơn vị</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Hồ Văn Em</t></is></c><c r="B2" t="inlineStr"><is><t>HN-BD-PHUCXA</t></is></c></row>'
if command -v python3 >/dev/null; then
  mkzip "$T_WORK/formula.xlsx" "$HEAD"'<row r="3"><c r="A3"><f>1+1</f><v>2</v></c></row></sheetData></worksheet>'
  mkzip "$T_WORK/merged.xlsx" "$HEAD"'</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>'
  mkzip "$T_WORK/doctype.xlsx" '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'
  mkzip "$T_WORK/bomb.xlsx" BOMB
  for f in formula:'công thức ở ô A3' merged:'ô gộp A1:B1' doctype:'DOCTYPE' bomb:'bom'; do
    name=${f%%:*}; want=${f#*:}
    upload "$T_WORK/$name.xlsx" "kind=people&dry_run=0&unit_id=$BDU&filename=$name.xlsx" "$BD"
    J=$(printf '%s' "$BODY" | jq -r .id)
    wait_job "/api/v1/imports/$J" "$BD"
    t_match "$name.xlsx is refused with the reader's reason" "Tệp bị từ chối.*$want" "$(printf '%s' "$BODY" | jq -r .message)"
  done
  t_eq "and nothing of them was written" "$((P0 + 4))" "$(people)"
fi

# --- the other district ------------------------------------------------------------------------
upload "$T_WORK/good.csv" "kind=people&dry_run=1&unit_id=$BDU&filename=good.csv" "$HBT"
t_eq "another district cannot import into Ba Đình" 403 "$STATUS"
api GET "/api/v1/imports/$JOB2" "$HBT"
t_eq "nor see Ba Đình's imports" 404 "$STATUS"
http GET "/imports/$JOB2/report" -H "Authorization: Bearer $HBT"
t_eq "nor their reports" 404 "$STATUS"
upload "$T_WORK/good.csv" "kind=people&dry_run=1&filename=good.csv" "$HBT"
J=$(printf '%s' "$BODY" | jq -r .id)
wait_job "/api/v1/imports/$J" "$HBT"
t_match "rows naming Ba Đình's units read as unknown codes" 'Không tìm thấy đơn vị có mã «HN-BD-PHUCXA» trong phạm vi' \
  "$(printf '%s' "$BODY" | jq -r '[.report.problems[].message] | join(" ")')"
t_nomatch "and the CCCD held there names no one" 'Nguyễn Văn An' "$(printf '%s' "$BODY" | jq -r '[.report.problems[].message] | join(" ")')"
api POST "/api/v1/exports/people?unit_id=$BDU&format=csv" "$HBT"
t_eq "nor export Ba Đình's people" 403 "$STATUS"
api POST "/api/v1/exports/units?unit_id=$BDU&format=csv" "$HBT"
t_eq "nor its units" 403 "$STATUS"

# --- exports through the API -----------------------------------------------------------------------
api POST "/api/v1/exports/people?unit_id=$BDU&format=csv" "$BD"
t_eq "an export is a job" 202 "$STATUS"
EJ=$(printf '%s' "$BODY" | jq -r .id)
wait_job "/api/v1/jobs/$EJ" "$BD"
t_eq "which ends" done "$(printf '%s' "$BODY" | jq -r .state)"
t_eq "with its count" "Đã xuất 4 người." "$(printf '%s' "$BODY" | jq -r .message)"
http GET "/jobs/$EJ/download" -H "Authorization: Bearer $BD"
t_eq "the file downloads" 200 "$STATUS"
t_match "named for the unit" 'filename\*=utf-8.*danh-sach-doan-vien-hn-bd\.csv' "$HEADERS"
t_eq "Vietnamese headers, official order (by given name)" "STT,Họ và tên|1,Nguyễn Văn An|2,Trần Thị Bình|3,Lê Văn Cường|4,Đỗ Thị Dung" \
  "$(printf '%s' "$BODY" | sed 's/^\xef\xbb\xbf//' | tr -d '\r' | cut -d, -f1-2 | paste -sd'|')"
http GET "/jobs/$EJ/download" -H "Authorization: Bearer $HBT"
t_eq "the other district cannot download it" 404 "$STATUS"
api POST "/api/v1/exports/units?unit_id=$BDU&format=xlsx" "$BD"
UJ=$(printf '%s' "$BODY" | jq -r .id)
wait_job "/api/v1/jobs/$UJ" "$BD"
t_eq "units export too" "Đã xuất 3 đơn vị." "$(printf '%s' "$BODY" | jq -r .message)"
curl -s -o "$T_WORK/units.xlsx" -H "Authorization: Bearer $BD" "$BASE/jobs/$UJ/download"
t_eq "as an XLSX (a zip)" "PK" "$(head -c 2 "$T_WORK/units.xlsx")"

# --- the UI wizard -------------------------------------------------------------------------------
JAR=$T_WORK/jar
ui_login "$JAR" canbo.badinh matkhau123
http GET "/units/$BDU/import" -b "$JAR"
t_eq "the import page" 200 "$STATUS"
t_match "has a multipart form with a file input" 'enctype="multipart/form-data".*type="file"' "$BODY"
CSRF=$(csrf_of "$JAR" "/units/$BDU/import")
printf 'Họ tên;Năm sinh;Mã đơn vị\r\nLương Thị Hoa;1995;HN-BD-PHUCXA\r\nĐinh Văn Khoa;1991;\r\n' >"$T_WORK/ui.csv"
http POST "/units/$BDU/import" -b "$JAR" -F "csrf=$CSRF" -F "kind=people" -F "file=@$T_WORK/ui.csv;filename=danh sách.csv"
t_eq "sending the file" 303 "$STATUS"
t_match "goes to the check's page" 'location: /imports/[0-9]+' "$HEADERS"
PAGE=$(printf '%s' "$HEADERS" | sed -n 's/^location: //p')
for _ in $(seq 1 100); do http GET "$PAGE" -b "$JAR"; printf '%s' "$HEADERS" | grep -q '^refresh:' || break; sleep 0.05; done
t_match "which shows the result" 'Tệp hợp lệ: 2 dòng, sẽ thêm mới 2' "$BODY"
t_match "and the file's name" 'danh sách.csv' "$BODY"
t_match "and offers the import" "action=\"${PAGE}/commit\"" "$BODY"
http POST "/units/$BDU/import" -b "$JAR" -F "csrf=$CSRF" -F "kind=people"
t_eq "no file: the form again" 400 "$STATUS"
t_match "saying so" 'Hãy chọn một tệp' "$BODY"
http POST "$PAGE/commit" -b "$JAR" --data-urlencode "csrf=$CSRF"
t_eq "the import button" 303 "$STATUS"
PAGE2=$(printf '%s' "$HEADERS" | sed -n 's/^location: //p')
for _ in $(seq 1 100); do http GET "$PAGE2" -b "$JAR"; printf '%s' "$HEADERS" | grep -q '^refresh:' || break; sleep 0.05; done
t_match "imports for real" 'Đã nhập 2 dòng: thêm mới 2' "$BODY"
t_eq "both are there" 1 "$(sql "SELECT COUNT(*) FROM persons WHERE full_name = 'Lương Thị Hoa'")"
http GET "/units/$BDU/people?subtree=1" -b "$JAR"
t_match "the people list shows them" 'Lương Thị Hoa' "$BODY"
t_match "with the export buttons" "action=\"/units/$BDU/export\"" "$BODY"
t_match "and the way to the wizard" "href=\"/units/$BDU/import\"" "$BODY"
http POST "/units/$BDU/export" -b "$JAR" --data-urlencode "csrf=$CSRF" --data-urlencode "what=people" \
  --data-urlencode "format=xlsx" --data-urlencode "subtree=1"
t_eq "an export button starts a job" 303 "$STATUS"
JP=$(printf '%s' "$HEADERS" | sed -n 's/^location: //p')
for _ in $(seq 1 100); do http GET "$JP" -b "$JAR"; printf '%s' "$HEADERS" | grep -q '^refresh:' || break; sleep 0.05; done
t_match "whose page offers the file" "href=\"$JP/download\"" "$BODY"
curl -s -o "$T_WORK/people.xlsx" -b "$JAR" "$BASE$JP/download"
t_eq "an XLSX" "PK" "$(head -c 2 "$T_WORK/people.xlsx")"
"$TDKT_BIN" import people "$T_WORK/people.xlsx" --dry-run --db "$DB" >"$T_WORK/back.txt" 2>&1
t_match "which imports back unchanged" 'Tệp hợp lệ: 6 dòng, sẽ thêm mới 0, cập nhật 0, giữ nguyên 6' "$(cat "$T_WORK/back.txt")"
"$TDKT_BIN" export people --unit HN-BD --format csv --db "$DB" >"$T_WORK/cli.csv" 2>/dev/null
t_eq "the command line exports the same six people" 7 "$(grep -c . "$T_WORK/cli.csv")"
t_ok "the audit chain holds" tdkt audit verify
