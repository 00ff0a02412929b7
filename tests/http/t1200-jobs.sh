#!/usr/bin/env bash
# Background jobs: submitted, run by the worker, followed with progress, kept
# private to the account that asked, visible in the UI.
. "$(dirname "$0")/lib.sh"
start_server

ADMIN=$(api_login admin adminpass1)
api POST /api/v1/audit/verify "$ADMIN"
t_eq "an audit check is accepted as a job" 202 "$STATUS"
JOB=$(printf '%s' "$BODY" | jq -r .id)
t_match "queued or already running" '^(queued|running|done)$' "$(printf '%s' "$BODY" | jq -r .state)"
state=""
for _ in $(seq 1 100); do
  api GET "/api/v1/jobs/$JOB" "$ADMIN"
  state=$(printf '%s' "$BODY" | jq -r .state)
  [ "$state" = done ] || [ "$state" = failed ] && break
  sleep 0.05
done
t_eq "the worker runs it to the end" done "$state"
t_match "its message is Vietnamese and counts the entries" 'Nhật ký toàn vẹn: đã kiểm tra [0-9]+ mục' "$(printf '%s' "$BODY" | jq -r .message)"
t_eq "progress reached its total" "1/1" "$(printf '%s' "$BODY" | jq -r '"\(.progress)/\(.total)"')"

OFFICER=$(api_login canbo.badinh matkhau123)
api GET "/api/v1/jobs/$JOB" "$OFFICER"
t_eq "another account cannot see the job" 404 "$STATUS"
api GET /api/v1/jobs "$OFFICER"
t_eq "and its list is empty" 0 "$(printf '%s' "$BODY" | jq '.items | length')"
api POST /api/v1/audit/verify "$OFFICER"
t_eq "an officer may not check the whole audit log" 403 "$STATUS"
t_eq "the submission was audited" 1 "$(sql "SELECT COUNT(*) FROM audit_log WHERE entity = 'job' AND action = 'submit'")"

JAR=$T_WORK/jar
ui_login "$JAR" admin adminpass1
http GET "/jobs/$JOB" -b "$JAR"
t_eq "the job page" 200 "$STATUS"
t_match "in Vietnamese" 'Kiểm tra toàn vẹn nhật ký' "$BODY"
t_match "with its state" 'Hoàn thành' "$BODY"
t_nomatch "a finished job does not refresh itself" 'refresh:' "$HEADERS"
CSRF=$(csrf_of "$JAR" /audit)
http POST /audit/verify -b "$JAR" --data-urlencode "csrf=$CSRF"
t_eq "the button on the audit page starts a job" 303 "$STATUS"
t_match "and goes to its page" 'location: /jobs/[0-9]+' "$HEADERS"
http GET /jobs -b "$JAR"
t_match "the list shows both jobs" '/jobs/'"$JOB"'"' "$BODY"
http GET "/jobs/$JOB/download" -b "$JAR"
t_eq "a job without a result file has nothing to download" 404 "$STATUS"
