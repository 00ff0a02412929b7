#!/usr/bin/env bash
# Initiatives, skill contests and honouring through the UI forms and the API
# (issue 4 §4-§6): an initiative recognised at two levels and then refused a
# second use (the refusal on the page), a contest whose winners get their
# title, honouring counts by kind, every register downloadable as XLSX, and
# an officer of another district refused at every step with nothing written.
. "$(dirname "$0")/lib.sh"
start_server

id_of() { sql "SELECT id FROM units WHERE code = '$1'"; }
HN=$(id_of HN); HBT=$(id_of HN-HBT); DM=$(id_of HN-HBT-DM8-3); BD=$(id_of HN-BD)
T_HBT=$(api_login canbo.haibatrung matkhau123)
T_BD=$(api_login canbo.badinh matkhau123)
T_HN=$(api_login canbo.hanoi matkhau123)

# person NAME: a member of Dệt 8-3 since 2020; prints the id.
person() {
  api POST /api/v1/people "$T_HBT" "$(jq -nc --arg n "$1" --argjson u "$DM" \
    '{full_name:$n, unit_id:$u, from_date:"2020-01-01", force:"1"}')"
  printf '%s' "$BODY" | jq -r .id
}
AN=$(person "Nguyễn Văn An"); BINH=$(person "Trần Thị Bình"); CUONG=$(person "Lê Văn Cường"); DUNG=$(person "Phạm Thị Dung")
t_ok "four workers of Dệt 8-3" test "$DUNG" -gt 0

# form JAR PATH FIELD=VALUE…: posts a UI form with the page's CSRF token.
form() {
  local jar=$1 path=$2; shift 2
  local args=() kv
  for kv in "$@"; do args+=(--data-urlencode "$kv"); done
  http POST "$path" -b "$jar" --data-urlencode "csrf=$CSRF" "${args[@]}"
}

# --- an initiative through the UI ---------------------------------------------------------
JAR=$T_WORK/hbt.jar
ui_login "$JAR" canbo.haibatrung matkhau123
CSRF=$(csrf_of "$JAR" "/units/$DM/initiatives")
form "$JAR" "/units/$DM/initiatives" "title=Cải tiến máy dệt kim giảm tiêu hao sợi" "authors=$AN:60, $BINH:40" \
  "applied_on=01/02/2026" "benefit_vnd=150000000"
t_eq "the register form records an initiative" 303 "$STATUS"
INI=$(sql "SELECT id FROM initiatives WHERE unit_id = $DM")
form "$JAR" "/units/$DM/initiatives" "title=Sáng kiến thiếu tỷ lệ" "authors=$AN:60, $BINH:30" "benefit_vnd=1000"
t_eq "shares that do not add up are refused" 400 "$STATUS"
t_match "with the reason" 'phải bằng 100%' "$BODY"
form "$JAR" "/initiatives/$INI/recognitions" level=co_so "unit_id=$DM" "decision_no=12/QĐ-CĐCS" decision_date=01/03/2026
t_match "recognised by the grassroots union" '12/QĐ-CĐCS' "$(curl -s -b "$JAR" "$BASE/initiatives/$INI")"
form "$JAR" "/initiatives/$INI/recognitions" level=cap_tren "unit_id=$HBT" "decision_no=45/QĐ-LĐLĐ" decision_date=15/04/2026
http GET "/initiatives/$INI" -b "$JAR"
t_match "then by the district federation" '45/QĐ-LĐLĐ' "$BODY"
api GET "/api/v1/initiatives/$INI" "$T_HBT"
t_eq "two levels on record" "2 cap_tren" "$(printf '%s' "$BODY" | jq -r '"\(.recognitions | length) \(.level)"')"
form "$JAR" "/initiatives/$INI/use" "purpose=Chiến sĩ thi đua cơ sở năm 2026" "reference=QĐ 88/QĐ-LĐLĐ"
t_ok "used once as the basis of a title" test "$STATUS" -lt 400
form "$JAR" "/initiatives/$INI/use" "purpose=Bằng khen của Liên đoàn Lao động thành phố"
t_eq "a second use is refused" 409 "$STATUS"
t_match "and the page says why" 'chỉ được dùng' "$BODY"
t_eq "the first use stands" "Chiến sĩ thi đua cơ sở năm 2026" "$(sql "SELECT used_for FROM initiatives WHERE id = $INI")"
curl -s -b "$JAR" "$BASE/units/$HBT/initiatives/export" -o "$T_WORK/ini.xlsx"
t_ok "the register downloads as XLSX" bash -c "unzip -l '$T_WORK/ini.xlsx' | grep -q 'xl/worksheets/sheet1.xml'"
t_match "listing the initiative" 'Cải tiến máy dệt kim' "$(unzip -p "$T_WORK/ini.xlsx" 'xl/*.xml' 2>/dev/null)"

# --- a contest through the API, seen on its page --------------------------------------------
api POST "/api/v1/units/$HBT/contests" "$T_HBT" '{"name":"Hội thi thợ dệt giỏi quận Hai Bà Trưng năm 2026","trade":"Dệt kim","level":"cap_tren","held_on":"2026-05-10","rounds":2}'
t_eq "the district organises a contest" 201 "$STATUS"
C=$(printf '%s' "$BODY" | jq -r .id)
for p in "$AN" "$BINH" "$CUONG" "$DUNG"; do
  api POST "/api/v1/contests/$C/participants" "$T_HBT" "{\"person_id\":$p,\"unit_id\":$DM}"
done
t_eq "four contestants" 4 "$(sql "SELECT COUNT(*) FROM contest_participants WHERE contest_id = $C")"
score() { api POST "/api/v1/contests/$C/scores" "$T_HBT" "{\"person_id\":$1,\"round\":$2,\"score\":\"$3\"}"; }
score "$AN" 1 90; score "$AN" 2 85; score "$BINH" 1 80; score "$BINH" 2 95; score "$CUONG" 1 70; score "$CUONG" 2 60
score "$DUNG" 1 75; score "$DUNG" 2 70
api POST "/api/v1/contests/$C/finish" "$T_HBT" '{"win_rank":2}'
t_eq "the contest is finished" 200 "$STATUS"
api GET "/api/v1/people/$BINH/skill-titles" "$T_HBT"
t_match "a winner gets the title" 'Công nhân giỏi cấp trên cơ sở' "$BODY"
api GET "/api/v1/people/$CUONG/skill-titles" "$T_HBT"
t_nomatch "the others do not" 'Công nhân giỏi' "$BODY"
http GET "/contests/$C" -b "$JAR"
t_match "the contest page shows both winners tied at rank 1" 'đồng hạng' "$BODY"
curl -s -b "$JAR" "$BASE/contests/$C/export" -o "$T_WORK/c.xlsx"
t_match "the results download as XLSX" 'Trần Thị Bình' "$(unzip -p "$T_WORK/c.xlsx" 'xl/*.xml' 2>/dev/null)"

# --- honouring --------------------------------------------------------------------------------
api POST "/api/v1/units/$HBT/honours" "$T_HBT" '{"kind":"hoi_nghi","title":"Hội nghị biểu dương công nhân giỏi quận Hai Bà Trưng","held_on":"2026-05-19"}'
t_eq "an honouring conference" 201 "$STATUS"
H=$(printf '%s' "$BODY" | jq -r .id)
api POST "/api/v1/honours/$H/honorees" "$T_HBT" "{\"person_id\":$BINH,\"citation\":\"Đạt giải Nhất hội thi thợ dệt giỏi\"}"
t_ok "honours a winner" test "$STATUS" -lt 300
api POST "/api/v1/units/$HBT/honours" "$T_HBT" '{"kind":"tin_bai","title":"Nữ công nhân dệt giỏi","held_on":"2026-05-20","place":"Báo Lao Động","link":"https://laodong.vn/cong-doan/nu-cong-nhan"}'
api POST "/api/v1/units/$HBT/honours" "$T_HBT" '{"kind":"tin_bai","title":"Thiếu nơi đăng","held_on":"2026-05-20"}'
t_eq "a news article without its paper is refused" 400 "$STATUS"
api GET "/api/v1/units/$HN/honours/summary?year=2026" "$T_HN"
t_eq "the city counts one conference and one article" "1 1" \
  "$(printf '%s' "$BODY" | jq -r '"\(.counts.hoi_nghi) \(.counts.tin_bai)"')"
curl -s -b "$JAR" "$BASE/units/$HBT/honours/export" -o "$T_WORK/h.xlsx"
t_match "honouring events download as XLSX" 'Hội nghị biểu dương' "$(unzip -p "$T_WORK/h.xlsx" 'xl/*.xml' 2>/dev/null)"

# --- another district is refused at every step -------------------------------------------------
WRITES="SELECT COUNT(*) FROM audit_log WHERE entity IN ('initiative', 'contest', 'honour', 'honour_event')"
before=$(sql "$WRITES")
api GET "/api/v1/initiatives/$INI" "$T_BD"
t_eq "Ba Đình cannot read the initiative" 403 "$STATUS"
api POST "/api/v1/initiatives/$INI/recognitions" "$T_BD" "{\"level\":\"tinh\",\"unit_id\":$BD,\"decision_no\":\"1/QĐ\",\"decision_date\":\"2026-06-01\"}"
t_eq "nor recognise it" 403 "$STATUS"
api POST "/api/v1/units/$DM/initiatives" "$T_BD" "{\"title\":\"X\",\"authors\":\"$AN:100\",\"benefit_vnd\":1000}"
t_eq "nor register one in Hai Bà Trưng" 403 "$STATUS"
api GET "/api/v1/contests/$C" "$T_BD"
t_eq "nor read the contest" 403 "$STATUS"
api POST "/api/v1/contests/$C/participants" "$T_BD" "{\"person_id\":$AN,\"unit_id\":$DM}"
t_eq "nor enter it" 403 "$STATUS"
api POST "/api/v1/units/$HBT/honours" "$T_BD" '{"kind":"hoi_nghi","title":"X","held_on":"2026-05-19"}'
t_eq "nor honour in Hai Bà Trưng" 403 "$STATUS"
api POST "/api/v1/units/$BD/honours" "$T_BD" '{"kind":"hoi_nghi","title":"Hội nghị Ba Đình","held_on":"2026-05-19"}'
BDH=$(printf '%s' "$BODY" | jq -r .id)
api POST "/api/v1/honours/$BDH/honorees" "$T_BD" "{\"person_id\":$BINH,\"citation\":\"X\"}"
t_eq "nor honour a person of Hai Bà Trưng at its own conference" 403 "$STATUS"
JAR2=$T_WORK/bd.jar
ui_login "$JAR2" canbo.badinh matkhau123
http GET "/initiatives/$INI" -b "$JAR2"
t_eq "nor open the initiative page" 403 "$STATUS"
t_nomatch "which does not leak its title" 'máy dệt kim' "$BODY"
http GET "/units/$HBT/initiatives/export" -b "$JAR2"
t_eq "nor download the register" 403 "$STATUS"
t_eq "only Ba Đình's own conference was written" $((before + 1)) "$(sql "$WRITES")"
t_ok "the audit chain holds" tdkt audit verify
