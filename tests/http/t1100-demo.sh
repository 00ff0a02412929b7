#!/usr/bin/env bash
# tdkt demo --scale small: the Hà Nội-shaped city (src/cli/demo_city.c,
# docs/internals/demo.md). The tree before and after the 01/07/2025
# restructuring, transfers with their decisions, emulation clusters, people
# and their yearly ratings, the accounts, the audit chain, the same data from
# the same seed (also across backends), and a second run that changes nothing.
# Seeds its own database: start_server would add the tiny fixture.
. "$(dirname "$0")/lib.sh"

out=$(tdkt init --password adminpass1 2>&1) || { echo "not ok 1 - tdkt init"; printf '%s\n' "$out" | sed 's/^/# /'; exit 1; }
t0=$(date +%s.%N)
out=$(tdkt demo --scale small --seed 7 2>&1); rc=$?
secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b - a}')
t_eq "demo --scale small --seed 7 succeeds" 0 "$rc"
[ "$rc" -eq 0 ] || printf '%s\n' "$out" | head -20 | sed 's/^/# /'
echo "# tdkt demo --scale small on $TDKT_BACKEND: ${secs} s"
t_match "it prints a summary with the people" 'people: [0-9.]+ ' "$out"
t_match "and how to log in" 'canbo\.hanoi.*password: matkhau123' "$out"

# --- the tree as of two dates ---------------------------------------------------------
FED='Liên đoàn Lao động (quận|huyện|thị xã) '
l2020=$(tdkt unit list --at 01/01/2020)
t_match "01/01/2020: the Ba Đình federation under the city" '^    HN-BADINH +Liên đoàn Lao động quận Ba Đình' "$l2020"
under_bd=$(printf '%s\n' "$l2020" | awk '/^    HN-BADINH /{f=1; next} f && /^      [^ ]/{c++} f && /^    [^ ]/{f=0} END{print c+0}')
t_ok "with its grassroots unions under it ($under_bd)" test "$under_bd" -ge 3
t_eq "30 district federations on 01/01/2020" 30 "$(printf '%s\n' "$l2020" | grep -cE "^    HN-[A-Z]+ +$FED")"
t_nomatch "Từ Liêm split in 2014 is gone by 2020" 'huyện Từ Liêm' "$l2020"
t_match "on 01/01/2010 Từ Liêm is still there" '^    HN-TULIEM +Liên đoàn Lao động huyện Từ Liêm' \
  "$(tdkt unit list --at 01/01/2010)"
t_match "on 01/01/2000 Hà Đông is a town of Hà Tây" '^    HN-HADONG +Liên đoàn Lao động thị xã Hà Đông' \
  "$(tdkt unit list --at 01/01/2000)"
t_eq "30/06/2025: still 30 federations" 30 "$(tdkt unit list --at 30/06/2025 | grep -cE "^    HN-[A-Z]+ +$FED")"

l2025=$(tdkt unit list --at 01/07/2025)
t_nomatch "01/07/2025: no district federation" 'Liên đoàn Lao động (quận|huyện|thị xã)' "$l2025"
t_match "the new ward union of Ba Đình" '^    HN-P-BADINH +Công đoàn phường Ba Đình' "$l2025"
t_match "and a commune union" '^    HN-X-DONGANH +Công đoàn xã Đông Anh' "$l2025"
t_match "schools now under commune and ward unions" '^      HN-[A-Z]+-(MN|TH|THCS)[0-9]+ +Công đoàn Trường' "$l2025"
t_match "large enterprises directly under the city" '^    HN-[A-Z]+-(FDI|CP|DNNN)[0-9]+ +Công đoàn Công ty' "$l2025"
t_nomatch "unions of people's committees ended" 'Ủy ban nhân dân' "$l2025"

# --- restructuring history with decision numbers ----------------------------------------
h=$(tdkt unit history HN-HADONG)
t_match "Hà Đông came to Hà Nội with Hà Tây (TLĐ decision)" \
  '^2008-08-01  transfer  1126/QĐ-TLĐ +Liên đoàn Lao động thành phố Hà Nội' "$h"
t_match "was renamed when it became a quận" '^2009-05-08  rename' "$h"
t_match "and was dissolved on 01/07/2025 by decision" '^2025-07-01  dissolve  [0-9]+/QĐ-LĐLĐ' "$h"
h=$(tdkt unit history HN-BADINH-TTYT001)
t_match "a health centre transferred to the health sector union" \
  '^2025-07-01  transfer  [0-9]+/QĐ-LĐLĐ +Công đoàn ngành Y tế Hà Nội' "$h"
code=$(sql "SELECT u.code FROM unit_events e JOIN units u ON u.id = e.unit_id WHERE e.event = 'transfer'
            AND e.event_date = '2014-04-01' ORDER BY u.code LIMIT 1")
h=$(tdkt unit history "$code")
t_match "a union moved from Từ Liêm to its new district ($code)" \
  '^2014-04-01  transfer  [0-9]+/QĐ-LĐLĐ +Liên đoàn Lao động quận (Nam|Bắc) Từ Liêm' "$h"
t_match "and on to a ward union or the city in 2025" '^2025-07-01  transfer  [0-9]+/QĐ-LĐLĐ +(Công đoàn (phường|xã)|Liên đoàn)' "$h"

# --- emulation clusters and blocks of HN -----------------------------------------------------
t_eq "2020: six clusters and one block" "cum 6|khoi 1" \
  "$(sql "SELECT kind || ' ' || COUNT(*) FROM emulation_groups WHERE year = 2020 GROUP BY kind ORDER BY kind" | paste -sd'|')"
t_eq "cluster 1 of 2020 holds five district federations" 5 "$(sql "SELECT COUNT(*) FROM emulation_group_members m
  JOIN emulation_groups g ON g.id = m.group_id JOIN units u ON u.id = m.unit_id
  WHERE g.year = 2020 AND g.name = 'Cụm thi đua số 1' AND u.kind = 'LDLD_HUYEN'")"
t_eq "in 2025 the clusters hold commune and ward unions" 0 "$(sql "SELECT COUNT(*) FROM emulation_group_members m
  JOIN emulation_groups g ON g.id = m.group_id JOIN units u ON u.id = m.unit_id
  WHERE g.year = 2025 AND g.kind = 'cum' AND u.kind <> 'CD_XA'")"
t_eq "every group has a leader among its members" 0 "$(sql "SELECT COUNT(*) FROM emulation_groups g
  WHERE NOT EXISTS (SELECT 1 FROM emulation_group_members m WHERE m.group_id = g.id AND m.unit_id = g.leader_unit_id)")"

# --- people ---------------------------------------------------------------------------------
n=$(sql "SELECT COUNT(*) FROM persons")
t_ok "about 5.000 people ($n)" test "$n" -ge 4500 -a "$n" -le 5500
t_eq "every CCCD has 12 digits" 0 "$(sql "SELECT COUNT(*) FROM persons WHERE cccd IS NOT NULL AND length(cccd) <> 12")"
with=$(sql "SELECT COUNT(*) FROM persons WHERE cccd IS NOT NULL")
t_ok "about 70% have one ($with)" test $((with * 100 / n)) -ge 60 -a $((with * 100 / n)) -le 80
t_eq "six calendar and six school years rated" 12 "$(sql "SELECT COUNT(DISTINCT year_label) FROM ratings")"
t_eq "school years only in schools" 0 "$(sql "SELECT COUNT(*) FROM ratings r JOIN units u ON u.id = r.unit_id
  WHERE (u.year_type = 'school') <> (length(r.year_label) = 9)")"
t_eq "no open membership in a dissolved union" 0 "$(sql "SELECT COUNT(*) FROM memberships m
  JOIN units u ON u.id = m.unit_id WHERE u.valid_to IS NOT NULL AND m.to_date IS NULL")"
t_ok "some people moved between unions" test "$(sql "SELECT COUNT(*) FROM memberships WHERE to_date IS NOT NULL
  AND to_date <> '2025-07-01'")" -gt 0
nguyen=$(sql "SELECT COUNT(*) FROM persons WHERE full_name LIKE 'Nguyễn %'")
t_ok "Nguyễn is the family name of about 38% ($nguyen)" test $((nguyen * 100 / n)) -ge 30 -a $((nguyen * 100 / n)) -le 46

# --- audit, idempotence, determinism -------------------------------------------------------
t_ok "audit verify passes" tdkt audit verify
before=$(sql "SELECT COUNT(*) FROM units")
out=$(tdkt demo --scale small --seed 7 2>&1); rc=$?
t_eq "a second run succeeds" 0 "$rc"
t_match "and says the demo is there" 'already present' "$out"
t_eq "and adds nothing" "$before" "$(sql "SELECT COUNT(*) FROM units")"

# The same seed on a fresh SQLite database gives the same tree (on the pg run
# this also compares the two backends).
DB2="sqlite:$T_WORK/second.db"
"$TDKT_BIN" init --db "$DB2" --password adminpass1 >/dev/null 2>&1
"$TDKT_BIN" demo --db "$DB2" --scale small --seed 7 >/dev/null 2>&1
for at in "" "--at 01/01/2020"; do
  # shellcheck disable=SC2086
  t_eq "same seed, same tree ${at:-today}" "$(tdkt unit list $at | md5sum)" \
    "$("$TDKT_BIN" unit list --db "$DB2" $at | md5sum)"
done

# --- the accounts, through the server (seeded above, not by start_server) -----------------
serve "$T_WORK/server.log" || { echo "not ok - server did not start"; cat "$T_WORK/server.log"; }

tok=$(api_login canbo.badinh matkhau123)
t_ok "canbo.badinh logs in" test -n "$tok"
api GET "/api/v1/units?at=2020-01-01" "$tok"
t_eq "and sees the Ba Đình federation" HN-BADINH "$(printf '%s' "$BODY" | jq -r '.items[0].code')"
tok=$(api_login canbo.hanoi matkhau123)
HN=$(sql "SELECT id FROM units WHERE code = 'HN'")
api GET "/api/v1/units?parent_id=$HN&at=2020-01-01" "$tok"
t_eq "canbo.hanoi sees 30 district federations in 2020" 30 \
  "$(printf '%s' "$BODY" | jq '[.items[] | select(.kind == "LDLD_HUYEN")] | length')"
api GET "/api/v1/units?parent_id=$HN&at=2025-07-01" "$tok"
t_eq "none on 01/07/2025" 0 "$(printf '%s' "$BODY" | jq '[.items[] | select(.kind == "LDLD_HUYEN")] | length')"
t_ok "but commune and ward unions" test "$(printf '%s' "$BODY" | jq '[.items[] | select(.kind == "CD_XA")] | length')" -gt 30
# The people are written in bulk batches, each feeding the full-text index
# once (demo_city.c): the first and the last person with a name of their own
# are found by it, and on SQLite the index matches the table.
for which in "first ASC" "last DESC"; do
  row=$(sql "SELECT MIN(id) || '|' || full_name FROM persons GROUP BY full_name HAVING COUNT(*) = 1
             ORDER BY MIN(id) ${which#* } LIMIT 1")
  id=${row%%|*} name=${row#*|}
  api GET "/api/v1/search?q=$(jq -rn --arg s "$name" '$s|@uri')&limit=50" "$tok"
  t_eq "search finds the ${which% *} person $name" "$id" \
    "$(printf '%s' "$BODY" | jq -r --argjson id "$id" '[.items[] | select(.id == $id) | .id][0]')"
done
# The search page pages through the people: 50 a page, links both ways.
http GET "/search?q=nguyen" -H "Authorization: Bearer $tok"
p1=$(printf '%s' "$BODY" | grep -o 'href="/people/[0-9]*"' | sort -u)
t_eq "the search page shows 50 people" 50 "$(printf '%s\n' "$p1" | grep -c .)"
t_match "and links to the next page" 'href="/search\?q=nguyen&amp;offset=50">Trang sau' "$BODY"
http GET "/search?q=nguyen&offset=50" -H "Authorization: Bearer $tok"
p2=$(printf '%s' "$BODY" | grep -o 'href="/people/[0-9]*"' | sort -u)
t_eq "the next page shows 50 others" "50 0" \
  "$(printf '%s\n' "$p2" | grep -c .) $(comm -12 <(printf '%s\n' "$p1") <(printf '%s\n' "$p2") | grep -c .)"
t_match "and links back" 'href="/search\?q=nguyen&amp;offset=0">« Trang trước' "$BODY"
t_match "numbering its hits" 'Kết quả 51–100' "$BODY"
# The city's ~140 units come in pages, and a filter typed without accents
# finds one; the API pages the same way.
api GET "/api/v1/units?parent_id=$HN" "$tok"
all=$(printf '%s' "$BODY" | jq -r '.items[].code')
total=$(printf '%s' "$BODY" | jq '.total')
t_ok "the city has more than 100 units" test "$total" -gt 100
t_eq "all of them in one answer of the API" "$total" "$(printf '%s\n' "$all" | grep -c .)"
api GET "/api/v1/units?parent_id=$HN&offset=100&limit=50" "$tok"
t_eq "its second page of 50 from the 101st on" "$(printf '%s\n' "$all" | sed -n '101,150p')" \
  "$(printf '%s' "$BODY" | jq -r '.items[].code')"
api GET "/api/v1/units?parent_id=$HN&limit=5000" "$tok"
t_eq "a page of 5000 is refused" "400 Số đơn vị mỗi trang phải từ 1 đến 1000." \
  "$STATUS $(printf '%s' "$BODY" | jq -r '.error.message')"
api GET "/api/v1/units?parent_id=$HN&q=xa%20dong%20anh" "$tok"
t_eq "the API filters by name without accents" "1 HN-X-DONGANH" \
  "$(printf '%s' "$BODY" | jq -r '"\(.total) \(.items[0].code)"')"
http GET "/units/$HN" -H "Authorization: Bearer $tok"
t_eq "the city page lists its first 100 units" "$(printf '%s\n' "$all" | sed -n '1,100p')" \
  "$(printf '%s' "$BODY" | grep -o '<tr><td>[^<]*</td><td><a href="/units/' | sed 's/<tr><td>//; s/<.*//')"
t_match "numbered, with a link to the rest" "Đơn vị 1–100 / $total <a href=\"/units/$HN\\?at=[0-9-]*&amp;offset=100\">Trang sau" "$BODY"
t_match "and a filter box" 'name="q"' "$BODY"
http GET "/units/$HN?offset=100" -H "Authorization: Bearer $tok"
t_eq "the second page lists the rest" "$(printf '%s\n' "$all" | sed -n '101,$p')" \
  "$(printf '%s' "$BODY" | grep -o '<tr><td>[^<]*</td><td><a href="/units/' | sed 's/<tr><td>//; s/<.*//')"
t_match "and links back" '&amp;offset=0">‹ Trang trước' "$BODY"
http GET "/units/$HN?q=Dong%20Anh" -H "Authorization: Bearer $tok"
t_match "the page filter finds the commune union of Đông Anh" '<tr><td>HN-X-DONGANH</td>' "$BODY"
t_match "keeping the filter in the box" 'name="q" maxlength="100" value="Dong Anh"' "$BODY"
t_match "and when the date changes" '<input type="hidden" name="q" value="Dong Anh"><label>Xem cơ cấu' "$BODY"
http GET "/units/$HN?offset=5000" -H "Authorization: Bearer $tok"
t_match "a page past the end links back to the first" 'không còn đơn vị nào\. <a href="/units/[0-9]+\?at=[0-9-]*&amp;offset=0">Về trang đầu' "$BODY"
if [ "$TDKT_BACKEND" = sqlite ]; then
  t_eq "the full-text index matches the people" "" \
    "$(sql "INSERT INTO persons_fts (persons_fts, rank) VALUES ('integrity-check', 1)" 2>&1)"
  t_eq "and its trigger is back" 1 "$(sql "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'persons_fts_insert'")"
fi
tok=$(api_login lanhdao.hanoi matkhau123)
t_ok "lanhdao.hanoi logs in" test -n "$tok"
