#!/usr/bin/env bash
# Installs every Debian 12 package that tdkt's build, tests, benchmarks and
# server need. Idempotent: when everything is present it prints nothing and
# changes nothing. Needs root (or sudo) only when something is missing.
set -euo pipefail

PACKAGES=(
  build-essential pkg-config
  libmicrohttpd-dev libjansson-dev libsqlite3-dev sqlite3 libpq-dev
  libsodium-dev libicu-dev libcmocka-dev
  libzip-dev libexpat1-dev libxlsxwriter-dev
  postgresql-15
  curl jq wrk procps
  chromium
  clang libclang-rt-14-dev
  libreoffice-calc-nogui
)

missing=()
for p in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
# Node.js drives the browser tests; the machine image may ship its own build
# (with npm inside), which Debian's packages must not replace.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "deps.sh: installing ${missing[*]}" >&2
SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
