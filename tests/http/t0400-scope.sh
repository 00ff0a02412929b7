#!/usr/bin/env bash
# Scope: an officer of one district federation sees and changes only its own
# subtree, through the API and the UI, and error answers leak nothing about
# the units it may not see (not even whether they exist).
. "$(dirname "$0")/lib.sh"
start_server

id_of() { sql "SELECT id FROM units WHERE code = '$1'"; }
HN=$(id_of HN)
BD=$(id_of HN-BD)
PX=$(id_of HN-BD-PHUCXA)
HBT=$(id_of HN-HBT)
BVTN=$(id_of HN-HBT-BVTN)
NOPE=$(( $(sql "SELECT MAX(id) FROM units") + 1000 ))
# What must never appear in an answer to canbo.badinh about HN-HBT's subtree.
LEAK='Hai Bà Trưng|HN-HBT|Thanh Nhàn|Dệt 8-3'
FORBID='Bạn không có quyền'

BDT=$(api_login canbo.badinh matkhau123)
t_ok "canbo.badinh has a token" test -n "$BDT"

# --- reading through the API ------------------------------------------------------
api GET "/api/v1/units/$BD" "$BDT"
t_eq "officer reads its own unit" 200 "$STATUS"
t_eq "it is Ba Đình" HN-BD "$(printf '%s' "$BODY" | jq -r .code)"
api GET "/api/v1/units/$PX" "$BDT"
t_eq "and a unit below it" 200 "$STATUS"

api GET "/api/v1/units/$HBT" "$BDT"
t_eq "officer of HN-BD reading HN-HBT gets 403" 403 "$STATUS"
t_eq "error code forbidden" forbidden "$(printf '%s' "$BODY" | jq -r .error.code)"
t_match "with a Vietnamese message" "$FORBID" "$(printf '%s' "$BODY" | jq -r .error.message)"
t_nomatch "and no name or code of the unit" "$LEAK" "$BODY"
HBT_BODY=$BODY

api GET "/api/v1/units/$BVTN" "$BDT"
t_eq "a unit below HN-HBT is 403 too" 403 "$STATUS"
t_nomatch "without its name or code" "$LEAK" "$BODY"

api GET "/api/v1/units/$HN" "$BDT"
t_eq "the parent city federation is 403 too" 403 "$STATUS"
t_nomatch "without its name" 'thành phố Hà Nội' "$BODY"

api GET "/api/v1/units/$NOPE" "$BDT"
t_eq "a unit that does not exist is also 403" 403 "$STATUS"
t_eq "with exactly the same answer: existence does not leak" "$HBT_BODY" "$BODY"

api GET /api/v1/units "$BDT"
t_eq "the list of top units answers 200" 200 "$STATUS"
t_eq "and holds only HN-BD" HN-BD "$(printf '%s' "$BODY" | jq -r '[.items[].code] | join(",")')"
t_nomatch "nothing of HN-HBT" "$LEAK" "$BODY"

api GET "/api/v1/units?parent_id=$BD" "$BDT"
t_eq "children of HN-BD" "HN-BD-PHUCXA,HN-BD-THCS-NTT" "$(printf '%s' "$BODY" | jq -r '[.items[].code] | sort | join(",")')"

api GET "/api/v1/units?parent_id=$HBT" "$BDT"
t_eq "children of HN-HBT are 403" 403 "$STATUS"
t_nomatch "and leak nothing" "$LEAK" "$BODY"
api GET "/api/v1/units?parent_id=$HN" "$BDT"
t_eq "children of HN (which would list HN-HBT) are 403" 403 "$STATUS"
t_nomatch "and leak nothing" "$LEAK" "$BODY"
api GET "/api/v1/units?parent_id=$NOPE" "$BDT"
t_eq "children of a unit that does not exist: the same 403" 403 "$STATUS"

api GET /api/v1/me "$BDT"
t_nomatch "the officer's own profile mentions no other district" "$LEAK" "$BODY"

# --- writing through the API ----------------------------------------------------
api POST /api/v1/units "$BDT" "$(jq -nc --argjson p "$HBT" '{parent_id:$p, code:"SCOPE-X", name:"Công đoàn lấn sân"}')"
t_eq "officer of HN-BD cannot create a unit under HN-HBT" 403 "$STATUS"
t_match "with a Vietnamese message" "$FORBID" "$(printf '%s' "$BODY" | jq -r .error.message)"
t_nomatch "and leak nothing" "$LEAK" "$BODY"
t_eq "and the unit does not exist" 0 "$(sql "SELECT COUNT(*) FROM units WHERE code = 'SCOPE-X'")"
CREATE_HBT=$BODY

api POST /api/v1/units "$BDT" "$(jq -nc --argjson p "$NOPE" '{parent_id:$p, code:"SCOPE-Y", name:"Công đoàn ma"}')"
t_eq "nor under a unit that does not exist, with the same answer" "403 $CREATE_HBT" "$STATUS $BODY"

api POST /api/v1/units "$BDT" "$(jq -nc --argjson p "$HN" '{parent_id:$p, code:"SCOPE-Z", name:"Công đoàn cấp trên"}')"
t_eq "nor under its parent HN" 403 "$STATUS"
t_eq "nothing created above its unit" 0 "$(sql "SELECT COUNT(*) FROM units WHERE code = 'SCOPE-Z'")"

api POST /api/v1/units "$BDT" "$(jq -nc --argjson p "$PX" '{parent_id:$p, code:"SCOPE-OK", name:"Tổ công đoàn Phúc Xá 1"}')"
t_eq "but it can under its own subtree" 201 "$STATUS"

api POST /api/v1/units "$BDT" "$(jq -nc --argjson p "$PX" '{parent_id:$p, code:"HN-HBT-BVTN", name:"Trùng mã"}')"
t_eq "a code already used in another district is a conflict" 409 "$STATUS"
t_nomatch "that names nothing of the other district" 'Hai Bà Trưng|Thanh Nhàn' "$BODY"

# --- the UI ----------------------------------------------------------------------
JAR=$T_WORK/jar
ui_login "$JAR" canbo.badinh matkhau123
t_eq "canbo.badinh logs in through the form" 303 "$STATUS"

http GET / -b "$JAR"
t_eq "home page answers 200" 200 "$STATUS"
t_match "and lists Ba Đình" 'quận Ba Đình' "$BODY"
t_nomatch "but nothing of HN-HBT" "$LEAK" "$BODY"

http GET "/units/$BD" -b "$JAR"
t_eq "own unit page answers 200" 200 "$STATUS"
t_nomatch "its breadcrumbs do not show the city federation above" 'thành phố Hà Nội' "$BODY"

http GET "/units/$HBT" -b "$JAR"
t_eq "UI page of HN-HBT is 403" 403 "$STATUS"
t_match "as HTML" 'content-type: text/html' "$HEADERS"
t_match "with the Vietnamese message" "$FORBID" "$BODY"
t_nomatch "without the unit's name or code" "$LEAK" "$BODY"

http GET "/units/$BVTN" -b "$JAR"
t_eq "UI page of a unit under HN-HBT is 403" 403 "$STATUS"
t_nomatch "without its name or code" "$LEAK" "$BODY"

http GET "/units/$NOPE" -b "$JAR"
t_eq "UI page of a unit that does not exist is 403 as well" 403 "$STATUS"

TOKEN=$(csrf_of "$JAR" "/units/$BD")
http POST "/units/$HBT/children" -b "$JAR" --data-urlencode "csrf=$TOKEN" \
  --data-urlencode code=SCOPE-UI --data-urlencode 'name=Công đoàn qua biểu mẫu'
t_eq "UI form creating a unit under HN-HBT is 403" 403 "$STATUS"
t_match "with the Vietnamese message" "$FORBID" "$BODY"
t_nomatch "and leaks nothing" "$LEAK" "$BODY"
t_eq "and the unit does not exist" 0 "$(sql "SELECT COUNT(*) FROM units WHERE code = 'SCOPE-UI'")"

# --- endpoints for administrators only -------------------------------------------
api GET /api/v1/audit "$BDT"
t_eq "the audit log refuses an officer" 403 "$STATUS"
t_nomatch "and shows no entry" '"items"' "$BODY"
api GET /api/v1/users "$BDT"
t_eq "the user list refuses an officer" 403 "$STATUS"
t_nomatch "and shows no account" 'canbo|lanhdao|admin' "$BODY"
api POST /api/v1/users "$BDT" '{"login":"ke.gian","full_name":"Kẻ gian","password":"matkhau123"}'
t_eq "an officer cannot create accounts" 403 "$STATUS"
t_eq "none was created" 0 "$(sql "SELECT COUNT(*) FROM users WHERE login = 'ke.gian'")"
BD_ID=$(sql "SELECT id FROM users WHERE login = 'canbo.badinh'")
api POST "/api/v1/users/$BD_ID/grants" "$BDT" "$(jq -nc --argjson u "$HN" '{unit_id:$u, role:"admin"}')"
t_eq "an officer cannot grant itself a role" 403 "$STATUS"
t_eq "no grant was added" 1 "$(sql "SELECT COUNT(*) FROM grants WHERE user_id = $BD_ID")"
http GET /audit -b "$JAR"
t_eq "the audit page refuses an officer" 403 "$STATUS"
t_match "in Vietnamese" "$FORBID" "$BODY"
http GET /users -b "$JAR"
t_eq "the accounts page refuses an officer" 403 "$STATUS"
t_nomatch "and shows no account" 'canbo\.hanoi|lanhdao' "$BODY"

# --- a city officer sees both districts ---------------------------------------------
HNT=$(api_login canbo.hanoi matkhau123)
api GET "/api/v1/units?parent_id=$HN" "$HNT"
t_eq "canbo.hanoi sees both districts" "HN-BD,HN-HBT" "$(printf '%s' "$BODY" | jq -r '[.items[].code] | sort | join(",")')"
api GET "/api/v1/units/$BVTN" "$HNT"
t_eq "and units under HN-HBT" 200 "$STATUS"
api GET /api/v1/units "$HNT"
t_eq "its top unit is HN" HN "$(printf '%s' "$BODY" | jq -r '[.items[].code] | join(",")')"
api GET "/api/v1/units/$(id_of TLD)" "$HNT"
t_eq "but not the confederation above it" 403 "$STATUS"

# --- an approver reads but does not write -------------------------------------------
LDT=$(api_login lanhdao.hanoi matkhau123)
api GET "/api/v1/units/$HBT" "$LDT"
t_eq "the approver of HN reads HN-HBT" 200 "$STATUS"
api POST /api/v1/units "$LDT" "$(jq -nc --argjson p "$BD" '{parent_id:$p, code:"SCOPE-LD", name:"Công đoàn của lãnh đạo"}')"
t_eq "but cannot create a unit (403)" 403 "$STATUS"
t_match "with a Vietnamese message" "$FORBID" "$(printf '%s' "$BODY" | jq -r .error.message)"
t_eq "and none was created" 0 "$(sql "SELECT COUNT(*) FROM units WHERE code = 'SCOPE-LD'")"

t_eq "no server error was logged" 0 "$(grep -cE ' -> 5[0-9][0-9]' "$T_WORK/server.log")"
