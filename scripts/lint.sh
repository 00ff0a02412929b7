#!/usr/bin/env bash
# Lint (DESIGN.md §3.13): refuses banned C calls and SQL built from strings.
# Prints one line per finding; exits 1 when there is any.
set -u
cd "$(dirname "$0")/.."
found=0
report() { printf '%s\n' "$1"; found=1; }

while IFS= read -r hit; do report "banned call: $hit"; done < <(
  grep -nE '(^|[^_[:alnum:]])(sprintf|strcpy|strcat|atoi|atol|strtok|gets|vsprintf)[[:space:]]*\(' \
    --include='*.c' --include='*.h' -r src tools tests/unit | grep -vE '^\S+:[0-9]+:\s*(/\*|\*|//)')

# SQL must be literal text with ?N placeholders: no printf-built statements.
while IFS= read -r hit; do report "SQL built at run time: $hit"; done < <(
  grep -nE '(printf|buf_printf|arena_printf)\([^;]*"[[:space:]]*(SELECT|INSERT|UPDATE|DELETE)[[:space:]]' \
    --include='*.c' -r src)

exit $found
