#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for tests. Run it or source it.
#
#   tests/pg.sh start DIR        create and start a cluster in DIR (created if
#                                missing, else must be empty); prints the
#                                conninfo of its database tdkt_test
#   tests/pg.sh newdb DIR NAME   create database NAME there; prints its conninfo
#   tests/pg.sh stop DIR         stop the cluster (fast) and remove DIR
#
# Sourced, it defines tdkt_pg_start, tdkt_pg_newdb and tdkt_pg_stop with the
# same arguments and changes no shell option of the caller.
#
# The server listens on no TCP port: only on a Unix socket inside DIR (the
# port number, 54329 or $TDKT_PG_PORT, only names the socket file), with
# trust authentication, UTF-8, locale C.UTF-8, and fsync off. Run as root,
# the cluster belongs to the postgres user (initdb refuses root) and DIR is
# given to it; run as another user, it belongs to that user. Binaries come from
# $PG_BIN, else the newest /usr/lib/postgresql/*/bin. Only stdout carries the
# conninfo; messages go to stderr. Each command returns non-zero on failure,
# and a failed start leaves nothing running.

TDKT_PG_MARK=".tdkt-pg-cluster"

_tdkt_pg_err() { echo "pg.sh: $*" >&2; }

_tdkt_pg_bin() {
  if [[ -n "${PG_BIN:-}" ]]; then
    echo "$PG_BIN"
    return 0
  fi
  local d best=""
  for d in /usr/lib/postgresql/*/bin; do
    [[ -x "$d/pg_ctl" ]] && best="$d"
  done
  # Prefer 15, the version DESIGN.md names, when several are installed.
  [[ -x /usr/lib/postgresql/15/bin/pg_ctl ]] && best=/usr/lib/postgresql/15/bin
  if [[ -z "$best" ]]; then
    _tdkt_pg_err "no PostgreSQL server binaries (install postgresql-15 or set PG_BIN)"
    return 1
  fi
  echo "$best"
}

# The user that owns and runs the cluster.
_tdkt_pg_owner() {
  if [[ $(id -u) -eq 0 ]]; then echo postgres; else id -un; fi
}

# Runs a command as the cluster owner, from / (the caller's directory may be
# closed to that user).
_tdkt_pg_as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

# Checks DIR and prints its absolute path.
_tdkt_pg_dir() {
  local dir="$1"
  if [[ -z "$dir" ]]; then
    _tdkt_pg_err "missing DIR"
    return 1
  fi
  [[ "$dir" == /* ]] || dir="$PWD/$dir"
  dir="${dir%/}"
  # The path goes into postgresql.conf and into a conninfo string unquoted.
  if [[ ! "$dir" =~ ^/[A-Za-z0-9/._-]+$ ]]; then
    _tdkt_pg_err "DIR must be a path of letters, digits and . _ - / only: $dir"
    return 1
  fi
  if (( ${#dir} > 90 )); then
    _tdkt_pg_err "DIR is too long for a Unix socket path (max 90 characters): $dir"
    return 1
  fi
  echo "$dir"
}

_tdkt_pg_port() { echo "${TDKT_PG_PORT:-54329}"; }

_tdkt_pg_conninfo() {
  echo "host=$1 port=$(_tdkt_pg_port) dbname=$2 user=$(_tdkt_pg_owner)"
}

tdkt_pg_start() {
  local dir bin owner port locale_opt
  dir=$(_tdkt_pg_dir "${1:-}") || return 1
  bin=$(_tdkt_pg_bin) || return 1
  owner=$(_tdkt_pg_owner)
  port=$(_tdkt_pg_port)

  if [[ -e "$dir" && ! -d "$dir" ]]; then
    _tdkt_pg_err "$dir exists and is not a directory"
    return 1
  fi
  if [[ -d "$dir" && -n "$(ls -A "$dir")" ]]; then
    _tdkt_pg_err "$dir is not empty"
    return 1
  fi
  mkdir -p "$dir" || return 1
  touch "$dir/$TDKT_PG_MARK" || return 1
  chmod 700 "$dir" || return 1
  if [[ $(id -u) -eq 0 ]]; then
    chown -R postgres: "$dir" || return 1
  fi
  if ! _tdkt_pg_as_owner test -w "$dir"; then
    _tdkt_pg_err "user $owner cannot reach $dir (a parent directory is closed to it)"
    rm -rf -- "$dir"
    return 1
  fi

  if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
    locale_opt=--locale=C.UTF-8
  else
    locale_opt=--no-locale
  fi
  if ! _tdkt_pg_as_owner "$bin/initdb" -D "$dir/data" -U "$owner" --encoding=UTF8 \
      "$locale_opt" --auth=trust --no-sync >"$dir/initdb.log" 2>&1; then
    _tdkt_pg_err "initdb failed:"
    cat "$dir/initdb.log" >&2
    rm -rf -- "$dir"
    return 1
  fi
  cat >>"$dir/data/postgresql.conf" <<EOF

# tests/pg.sh: throw-away test cluster
listen_addresses = ''
unix_socket_directories = '$dir'
port = $port
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 50
logging_collector = off
EOF

  if ! _tdkt_pg_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      start >/dev/null; then
    _tdkt_pg_err "the server did not start:"
    tail -n 20 "$dir/server.log" >&2
    tdkt_pg_stop "$dir"
    return 1
  fi
  if ! _tdkt_pg_as_owner "$bin/pg_isready" -q -h "$dir" -p "$port" -t 30; then
    _tdkt_pg_err "the server does not answer on $dir"
    tdkt_pg_stop "$dir"
    return 1
  fi
  if ! tdkt_pg_newdb "$dir" tdkt_test; then
    tdkt_pg_stop "$dir"
    return 1
  fi
}

tdkt_pg_newdb() {
  local dir name bin
  dir=$(_tdkt_pg_dir "${1:-}") || return 1
  name="${2:-}"
  if [[ ! "$name" =~ ^[a-z_][a-z0-9_]{0,62}$ ]]; then
    _tdkt_pg_err "bad database name '$name' (lower-case letters, digits, _)"
    return 1
  fi
  bin=$(_tdkt_pg_bin) || return 1
  if ! _tdkt_pg_as_owner "$bin/createdb" -h "$dir" -p "$(_tdkt_pg_port)" \
      -U "$(_tdkt_pg_owner)" -E UTF8 -T template0 "$name"; then
    _tdkt_pg_err "cannot create database $name"
    return 1
  fi
  _tdkt_pg_conninfo "$dir" "$name"
}

tdkt_pg_stop() {
  local dir bin pid="" i
  dir=$(_tdkt_pg_dir "${1:-}") || return 1
  [[ -d "$dir" ]] || return 0
  if [[ ! -e "$dir/$TDKT_PG_MARK" ]]; then
    _tdkt_pg_err "$dir was not made by pg.sh start; not touching it"
    return 1
  fi
  bin=$(_tdkt_pg_bin) || return 1
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    pid=$(head -n 1 "$dir/data/postmaster.pid")
    [[ "$pid" =~ ^[0-9]+$ ]] || pid=""
    _tdkt_pg_as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
      _tdkt_pg_as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1
  fi
  # The postmaster named in DIR's pid file is ours; make sure it is gone.
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null &&
      grep -q -- "$dir/data" "/proc/$pid/cmdline" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null
    for ((i = 0; i < 50; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null &&
      grep -q -- "$dir/data" "/proc/$pid/cmdline" 2>/dev/null; then
    _tdkt_pg_err "postmaster $pid is still running; $dir kept"
    return 1
  fi
  rm -rf -- "$dir"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -uo pipefail
  case "${1:-}" in
    start) tdkt_pg_start "${2:-}" ;;
    stop) tdkt_pg_stop "${2:-}" ;;
    newdb) tdkt_pg_newdb "${2:-}" "${3:-}" ;;
    *)
      echo "usage: $0 start DIR | newdb DIR NAME | stop DIR" >&2
      exit 2
      ;;
  esac
fi
