#!/usr/bin/env bash
# SIGTERM: the server stops accepting, lets the request in flight finish (here
# a login, which hashes a password and writes a session and an audit entry),
# closes its databases and exits 0, leaving an intact audit chain and nothing
# listening.
. "$(dirname "$0")/lib.sh"
start_server

LOGIN='{"login":"canbo.badinh","password":"matkhau123"}'
BD_USER=$(sql "SELECT id FROM users WHERE login = 'canbo.badinh'")
AUDIT_BEFORE=$(sql "SELECT COUNT(*) FROM audit_log")

# The request in flight: its headers and the first bytes of its body are
# sent; the rest follows only after SIGTERM, so it is unfinished when the
# signal arrives whatever the timing.
exec 3<>"/dev/tcp/127.0.0.1/$PORT"
printf 'POST /api/v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
  "${#LOGIN}" "${LOGIN:0:12}" >&3

# An idle keep-alive connection: it has had its answer and waits for more. It
# must not hold the shutdown up (the connection timeout is 30 s). Being
# answered also shows that the server has accepted the connection made before
# it (the kernel hands them out in order).
exec 4<>"/dev/tcp/127.0.0.1/$PORT"
printf 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n' >&4
read -r -t 10 LINE4 <&4
t_match "the keep-alive connection is answered" '^HTTP/1.1 200' "${LINE4:-}"
sleep 0.3 # and has read the login's headers, which were already waiting

(
  sleep 1 # SIGTERM has been delivered; the server is draining
  curl -s -o /dev/null --max-time 3 "$BASE/healthz"
  echo "$?" >"$T_WORK/curl-during"
  printf '%s' "${LOGIN:12}" >&3 # the rest of the body
) &
WRITER=$!

PID=$SERVER_PID
T0=$(date +%s)
stop_server # SIGTERM, then waits for the server to exit
T1=$(date +%s)
wait "$WRITER"

RESP=$(timeout 5 cat <&3 | tr -d '\r')
exec 3<&- 4<&-

t_eq "the server exits with status 0" 0 "$SERVER_RC"
t_ok "within 10 seconds (an idle connection does not hold it up)" test $((T1 - T0)) -lt 10
t_eq "new connections are refused while it drains (curl: cannot connect)" 7 "$(cat "$T_WORK/curl-during")"
t_match "the in-flight login is answered 200" '^HTTP/1.1 200' "$RESP"
t_match "with a session token" '"token":"[A-Za-z0-9_-]{43}"' "$RESP"
t_match "the log records it as completed" 'POST /api/v1/login -> 200$' "$(cat "$T_WORK/server.log")"
t_nomatch "and nothing as aborted" 'aborted' "$(cat "$T_WORK/server.log")"
t_match "the log says the server stopped cleanly" 'stopped cleanly' "$(cat "$T_WORK/server.log")"
t_ok "the process is gone" bash -c "! kill -0 $PID 2>/dev/null"

TOKEN=$(printf '%s' "$RESP" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
HASH=$(printf '%s' "$TOKEN" | sha256sum | cut -d' ' -f1)
t_eq "the session it created is stored" 1 "$(sql "SELECT COUNT(*) FROM sessions WHERE token_hash = '$HASH' AND user_id = $BD_USER")"
t_eq "with its audit entry (login)" "$((AUDIT_BEFORE + 1))|login" \
  "$(sql "SELECT COUNT(*) || '|' || MAX(action) FROM audit_log")"
OUT=$(tdkt audit verify 2>&1); RC=$?
t_eq "the audit chain verifies" 0 "$RC"
t_match "as intact" 'intact' "$OUT"

curl -s -o /dev/null --max-time 3 "$BASE/healthz"
t_eq "nothing answers on the port afterwards (curl: cannot connect)" 7 "$?"
t_ok "nothing listens on the port" bash -c "! (exec 5<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null"

if [ "$TDKT_BACKEND" = sqlite ]; then
  F=${DB#sqlite:}
  t_ok "the SQLite database was closed: no write-ahead log is left" test ! -s "$F-wal"
  t_eq "and it passes an integrity check" ok "$(sql "PRAGMA integrity_check")"
else
  for _ in $(seq 1 50); do
    n=$(sql "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
    [ "$n" = 0 ] && break
    sleep 0.1
  done
  t_eq "the server's PostgreSQL connections are closed" 0 "$n"
fi

# A second start on the same database works, and a plain SIGINT stops it too.
"$TDKT_BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --threads 2 >"$T_WORK/server2.log" 2>&1 &
PID2=$!
for _ in $(seq 1 100); do curl -sf "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.05; done
t_ok "the server starts again on the same database" curl -sf "$BASE/healthz"
t_ok "and logs in with the session from before" curl -sf -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/me"
kill -INT "$PID2"
wait "$PID2"
t_eq "SIGINT stops it with status 0" 0 "$?"
t_match "cleanly" 'stopped cleanly' "$(cat "$T_WORK/server2.log")"
