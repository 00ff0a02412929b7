#!/usr/bin/env bash
# Criteria and scoring (issue 4 §3) over the real server: the city launches a
# movement with a score sheet (refused while its weights do not add up, then
# saved), two district federations score themselves, the city fixes the
# official scores, the ranking of a block shows a tie (1, 1, 3) and an
# unscored unit last, the UI pages show the numbers and the XLSX export is a
# real zip. A district officer cannot fix its own official score; another
# district cannot touch a unit it does not own.
. "$(dirname "$0")/lib.sh"
start_server

ADMIN=$(api_login admin adminpass1)
HN=$(api_login canbo.hanoi matkhau123)
BD=$(api_login canbo.badinh matkhau123)
HBT=$(api_login canbo.haibatrung matkhau123)
YEAR=$(date +%Y)

api GET /api/v1/units "$ADMIN"
TLD_ID=$(printf '%s' "$BODY" | jq -r '.items[] | select(.code == "TLD") | .id')
api GET "/api/v1/units?parent_id=$TLD_ID" "$ADMIN"
HN_ID=$(printf '%s' "$BODY" | jq -r '.items[] | select(.code == "HN") | .id')
api GET "/api/v1/units?parent_id=$HN_ID" "$ADMIN"
BD_ID=$(printf '%s' "$BODY" | jq -r '.items[] | select(.code == "HN-BD") | .id')
HBT_ID=$(printf '%s' "$BODY" | jq -r '.items[] | select(.code == "HN-HBT") | .id')
mk() {
  api POST /api/v1/units "$ADMIN" "$(jq -nc --argjson p "$HN_ID" --arg c "$1" --arg n "$2" \
    '{parent_id:$p, code:$c, name:$n, kind:"LDLD_HUYEN"}')"
  printf '%s' "$BODY" | jq -r .id
}
DD_ID=$(mk HN-DD "Liên đoàn Lao động quận Đống Đa")
CG_ID=$(mk HN-CG "Liên đoàn Lao động quận Cầu Giấy")
t_ok "two more districts" test -n "$CG_ID" -a "$CG_ID" != null

api POST "/api/v1/units/$HN_ID/movements" "$HN" "$(jq -nc --arg f "$YEAR-01-01" --arg t "$YEAR-12-31" \
  '{name:"Thi đua lao động giỏi, lao động sáng tạo", kind:"thuong_xuyen", period_from:$f, period_to:$t}')"
M=$(printf '%s' "$BODY" | jq -r .id)
t_eq "the city drafts a movement" 201 "$STATUS"

BAD=$'group|Công tác tổ chức|30\nitem|Tỷ lệ phát triển đoàn viên|20|evidence\nitem|Thành lập công đoàn cơ sở|15\ngroup|Phong trào thi đua|70\nitem|Phát động thi đua|70'
api POST "/api/v1/movements/$M/sheet" "$HN" "$(jq -nc --arg s "$BAD" '{total:"100", sheet:$s}')"
t_eq "a sheet whose weights do not add up is refused" 400 "$STATUS"
t_eq "naming the group and the sums" \
  "Nhóm «Công tác tổ chức» có tổng điểm các tiêu chí là 35, khác điểm tối đa của nhóm là 30." \
  "$(printf '%s' "$BODY" | jq -r .error.message)"
api GET "/api/v1/movements/$M/sheet" "$HN"
t_eq "nothing was stored" false "$(printf '%s' "$BODY" | jq -r .exists)"

GOOD=$'group|Công tác tổ chức|30\nitem|Tỷ lệ phát triển đoàn viên|20|evidence\nitem|Thành lập công đoàn cơ sở|10\ngroup|Phong trào thi đua|70\nitem|Phát động thi đua|70\nbonus|Sáng kiến cấp thành phố|5\npenalty|Chậm báo cáo|5'
api POST "/api/v1/movements/$M/sheet" "$BD" "$(jq -nc --arg s "$GOOD" '{total:"100", sheet:$s}')"
t_eq "a district officer cannot save the city's sheet" 403 "$STATUS"
api POST "/api/v1/movements/$M/sheet" "$HN" "$(jq -nc --arg s "$GOOD" '{total:"100", sheet:$s}')"
t_eq "the good sheet is saved" 200 "$STATUS"
t_eq "with its seven lines and the default bands" "7 Xuất sắc" "$(printf '%s' "$BODY" | jq -r '"\(.lines|length) \(.bands[0].name)"')"
item() { printf '%s' "$SHEET" | jq -r --arg n "$1" '.lines[] | select(.name == $n) | .id'; }
SHEET=$BODY
I_DEV=$(item "Tỷ lệ phát triển đoàn viên"); I_NEW=$(item "Thành lập công đoàn cơ sở")
I_RUN=$(item "Phát động thi đua"); I_BON=$(item "Sáng kiến cấp thành phố"); I_PEN=$(item "Chậm báo cáo")

api POST "/api/v1/movements/$M/scores/$HBT_ID/self" "$HBT" "$(jq -nc --arg i "$I_RUN" '{item_id:($i|tonumber), points:"60"}')"
t_eq "no scoring before the launch" 409 "$STATUS"
api POST "/api/v1/movements/$M/state" "$HN" "$(jq -nc --arg d "$YEAR-01-15" '{state:"launched", date:$d}')"
t_eq "the movement is launched" 200 "$STATUS"

# self LINES TOKEN UNIT
score() {
  api POST "/api/v1/movements/$M/scores/$3/$1" "$2" "$(jq -nc --arg l "$4" '{lines:$l}')"
}
score self "$HBT" "$HBT_ID" "$I_DEV|20|Tăng 12%|bao-cao.xlsx"$'\n'"$I_NEW|10"$'\n'"$I_RUN|70||"$'\n'"$I_BON|2,5|Sáng kiến máy dệt"
t_eq "Hai Bà Trưng scores itself" 200 "$STATUS"
t_eq "self total with the bonus, not reviewed" "102.5 false Xuất sắc" \
  "$(printf '%s' "$BODY" | jq -r '"\(.totals.self_total) \(.totals.reviewed) \(.totals.band)"')"
score self "$HBT" "$HBT_ID" "$I_NEW|11"
t_eq "points over the maximum are refused" 400 "$STATUS"
t_match "with the item and its maximum" 'Thành lập công đoàn cơ sở.*từ 0 đến 10' "$(printf '%s' "$BODY" | jq -r .error.message)"
score self "$BD" "$BD_ID" "$I_DEV|18|Đạt|danh-sach.xlsx"$'\n'"$I_NEW|10"$'\n'"$I_RUN|65"
t_eq "Ba Đình scores itself" 200 "$STATUS"
score self "$BD" "$HBT_ID" "$I_NEW|1"
t_eq "Ba Đình cannot score Hai Bà Trưng" 403 "$STATUS"
score official "$HBT" "$HBT_ID" "$I_RUN|70"
t_eq "a district cannot fix its own official score" 403 "$STATUS"
score official "$HN" "$HBT_ID" "$I_RUN|62|Thiếu minh chứng phát động ở 3 đơn vị"$'\n'"$I_PEN|5|Chậm báo cáo quý"$'\n'"$I_BON|0|Chưa được công nhận"
t_eq "the city fixes the official score of Hai Bà Trưng" 200 "$STATUS"
t_eq "self and official kept side by side" "102.5 87 Tốt false" \
  "$(printf '%s' "$BODY" | jq -r '"\(.totals.self_total) \(.totals.official_total) \(.totals.band) \(.totals.provisional)"')"
t_eq "per item too" "70 62" "$(printf '%s' "$BODY" | jq -r --arg i "$I_RUN" '.items[] | select(.id == ($i|tonumber)) | "\(.self_points) \(.official_points)"')"
score official "$HN" "$BD_ID" "$I_DEV|12"
t_eq "and of Ba Đình: equal to Hai Bà Trưng" 87 "$(printf '%s' "$BODY" | jq -r .totals.official_total)"
score self "$HN" "$DD_ID" "$I_DEV|20|Đạt|bc.pdf"$'\n'"$I_NEW|10"$'\n'"$I_RUN|70"
score official "$HN" "$DD_ID" "$I_RUN|50"
t_eq "Đống Đa: 80" 80 "$(printf '%s' "$BODY" | jq -r .totals.official_total)"
score self "$HBT" "$HBT_ID" "$I_NEW|9"
t_eq "the self score is frozen once reviewed" 409 "$STATUS"
api POST "/api/v1/movements/$M/sheet" "$HN" "$(jq -nc --arg s "$GOOD" '{total:"100", sheet:$s}')"
t_eq "the sheet is locked once scoring began" 409 "$STATUS"

api POST "/api/v1/units/$HN_ID/clusters" "$HN" "$(jq -nc --argjson y "$YEAR" '{kind:"khoi", name:"Khối quận", year:$y}')"
C=$(printf '%s' "$BODY" | jq -r .id)
for u in "$BD_ID" "$HBT_ID" "$DD_ID" "$CG_ID"; do
  api POST "/api/v1/clusters/$C/members" "$HN" "$(jq -nc --argjson u "$u" '{unit_id:$u}')"
done
api GET "/api/v1/movements/$M/ranking?cluster_id=$C" "$HN"
t_eq "ranking with a tie: 1, 1, 3, then the unscored unit" "1:true 1:true 3:false null:false" \
  "$(printf '%s' "$BODY" | jq -r '[.items[] | "\(.rank):\(.tie)"] | join(" ")')"
t_eq "the unscored unit is Cầu Giấy" HN-CG "$(printf '%s' "$BODY" | jq -r '.items[3].code')"
api GET "/api/v1/movements/$M/ranking?cluster_id=$C" "$BD"
t_eq "a district officer may not see the city's block" 403 "$STATUS"
api GET "/api/v1/movements/$M/scores/$HBT_ID" "$BD"
t_eq "nor another district's scores" 403 "$STATUS"

http GET "/api/v1/movements/$M/ranking/export?cluster_id=$C" -H "Authorization: Bearer $HN"
t_eq "the ranking export answers" 200 "$STATUS"
t_eq "as a zip (XLSX)" "PK" "$(head -c 2 "$T_WORK/body")"
t_ok "which unzip accepts" unzip -tq "$T_WORK/body"

# The UI.
JAR=$T_WORK/jar
ui_login "$JAR" canbo.hanoi matkhau123
http GET "/movements/$M/sheet" -b "$JAR"
t_match "the sheet page shows the groups" 'Công tác tổ chức' "$BODY"
t_match "and says it is locked" 'bảng đã khóa' "$BODY"
http GET "/movements/$M/scores/$HBT_ID" -b "$JAR"
t_match "the scoring screen shows the official total" '<td class="num">87</td>' "$BODY"
t_match "the self total with a decimal comma" '102,5' "$BODY"
t_match "and the classification" 'Tốt' "$BODY"
t_match "the official column is editable for the city" 'action="/movements/'"$M"'/scores/'"$HBT_ID"'/official"' "$BODY"
t_nomatch "the self column is not" '/self"' "$BODY"
CSRF=$(csrf_of "$JAR" "/movements/$M/scores/$HBT_ID")
http POST "/movements/$M/scores/$HBT_ID/official" -b "$JAR" --data-urlencode "csrf=$CSRF" \
  --data-urlencode "item_id=$I_RUN" --data-urlencode "points=71" --data-urlencode "comment=Quá điểm"
t_eq "too many points from the form: 400" 400 "$STATUS"
t_match "the message above the table" 'Phát động thi đua.*từ 0 đến 70' "$BODY"
t_match "keeping what was typed" 'value="71"' "$BODY"
http POST "/movements/$M/scores/$HBT_ID/official" -b "$JAR" --data-urlencode "csrf=$CSRF" \
  --data-urlencode "item_id=$I_RUN" --data-urlencode "points=63,5" --data-urlencode "comment=Đã bổ sung"
t_eq "a good official score from the form redirects" 303 "$STATUS"
http GET "/movements/$M/ranking?cluster_id=$C" -b "$JAR"
t_match "the ranking page shows the tie" 'bằng điểm' "$BODY"
t_match "the new total of Hai Bà Trưng" '88,5' "$BODY"
t_match "an export button" "/movements/$M/ranking/export\\?cluster_id=$C" "$BODY"
http GET "/movements/$M/ranking/export?cluster_id=$C" -b "$JAR"
t_eq "the UI export is a zip too" "PK" "$(head -c 2 "$T_WORK/body")"

# The sheet editor of a new movement: a refusal keeps the text.
api POST "/api/v1/units/$HN_ID/movements" "$HN" "$(jq -nc --arg f "$YEAR-01-01" --arg t "$YEAR-12-31" \
  '{name:"Thi đua chuyên đề", kind:"chuyen_de", period_from:$f, period_to:$t}')"
M2=$(printf '%s' "$BODY" | jq -r .id)
CSRF=$(csrf_of "$JAR" "/movements/$M2/sheet")
http POST "/movements/$M2/sheet" -b "$JAR" --data-urlencode "csrf=$CSRF" --data-urlencode "total=100" \
  --data-urlencode "sheet=$BAD"
t_eq "the editor refuses the bad sheet" 400 "$STATUS"
t_match "with the message" 'tổng điểm các tiêu chí là 35, khác điểm tối đa của nhóm là 30' "$BODY"
t_match "keeping the typed lines" 'Thành lập công đoàn cơ sở\|15' "$BODY"
http POST "/movements/$M2/sheet" -b "$JAR" --data-urlencode "csrf=$CSRF" --data-urlencode "total=100" \
  --data-urlencode "sheet=$GOOD" --data-urlencode $'bands=85|Giỏi\n0|Chưa đạt'
t_eq "and saves the good one" 303 "$STATUS"
http GET "/movements/$M2/sheet?saved=1" -b "$JAR"
t_match "with its custom bands" 'Từ 85 điểm: Giỏi' "$BODY"
