#!/usr/bin/env bash
# Restore a dump into a new, empty database and check that the app works on it: proves a
# backup can be used, before it is needed. The same steps restore for real.
#   deploy/restore-check.sh DUMP TARGET_URL [--drop]
# TARGET_URL names a database that does not exist yet (postgresql://user@host:port/name); it is
# created, restored into, and `flask smoke` runs against it with the current environment
# otherwise (SECRET_KEY, BASE_URL, ...). --drop removes it again afterwards (a check only).
set -euo pipefail
dump="${1:?usage: restore-check.sh DUMP TARGET_URL [--drop]}"
target="${2:?usage: restore-check.sh DUMP TARGET_URL [--drop]}"
drop="${3:-}"
target="${target/postgresql+psycopg:/postgresql:}"
name="${target##*/}"
server="${target%/*}"
here="$(cd "$(dirname "$0")/.." && pwd)"
flask="${FLASK:-$here/.venv/bin/flask}"

psql "$server/postgres" -v ON_ERROR_STOP=1 -q -c "CREATE DATABASE \"$name\""
cleanup() { if [ "$drop" = "--drop" ]; then psql "$server/postgres" -q -c "DROP DATABASE IF EXISTS \"$name\""; fi; }
trap cleanup EXIT
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$target" "$dump"
cd "$here"
DATABASE_URL="$target" "$flask" --app matchmaker smoke
