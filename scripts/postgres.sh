#!/usr/bin/env bash
# Makes sure a PostgreSQL server is running with the `trading` role and database.
#
# With TRADING_DB_URL set to a server you run yourself, this does nothing: the jobs and tests use
# that server (the role in TRADING_DB_USER needs CREATEDB for the tests).
# Otherwise it installs Debian's PostgreSQL if missing, starts the local cluster, and creates the
# role and database. TRADING_DB_PASSWORD sets the role's password (a local development default is
# used when it is unset; never use that default on a shared server).
set -euo pipefail

if [[ -n "${TRADING_DB_URL:-}" && "${TRADING_DB_URL}" != *"//127.0.0.1:5432/"* && "${TRADING_DB_URL}" != *"//localhost:5432/"* ]]; then
  echo "postgres: using the server at TRADING_DB_URL; nothing to start"
  exit 0
fi

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

if ! command -v pg_lsclusters >/dev/null 2>&1 || [[ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]]; then
  echo "postgres: installing Debian's postgresql package"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
  as_root pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  echo "postgres: starting cluster $version/main"
  as_root pg_ctlcluster "$version" main start
fi

psql_admin() {
  if [[ $(id -u) -eq 0 ]]; then su postgres -c "psql -v ON_ERROR_STOP=1 -qtA $*"; else sudo -u postgres psql -v ON_ERROR_STOP=1 -qtA "$@"; fi
}

for _ in $(seq 1 30); do
  psql_admin "-c 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done

user="${TRADING_DB_USER:-trading}"
password="${TRADING_DB_PASSWORD:-trading-local-dev}"
if [[ "$(psql_admin "-c \"select 1 from pg_roles where rolname = '$user'\"")" != "1" ]]; then
  psql_admin "-c \"create role $user login createdb\""
fi
# The password goes through stdin, so it never shows in a process listing.
printf "alter role %s with password '%s';\n" "$user" "$password" | \
  if [[ $(id -u) -eq 0 ]]; then su postgres -c "psql -v ON_ERROR_STOP=1 -qtA" >/dev/null; else sudo -u postgres psql -v ON_ERROR_STOP=1 -qtA >/dev/null; fi
if [[ "$(psql_admin "-c \"select 1 from pg_database where datname = 'trading'\"")" != "1" ]]; then
  psql_admin "-c \"create database trading owner $user\""
fi
echo "postgres: ready at 127.0.0.1:5432 (database trading, role $user)"
