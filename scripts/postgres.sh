#!/usr/bin/env bash
# Makes sure a PostgreSQL server is running with the `trading` role and database.
#
#   scripts/postgres.sh                     the local cluster `main` on port 5432
#   scripts/postgres.sh --cluster tsdb --port 5433 --preload timescaledb
#                                           a second cluster with a preloaded library
#
# With TRADING_DB_URL set to a server you run yourself (not 127.0.0.1/localhost), this does
# nothing: the jobs and tests use that server (the role in TRADING_DB_USER needs CREATEDB for the
# tests). Otherwise it installs Debian's PostgreSQL if missing, creates and starts the cluster, and
# creates the role and database. TRADING_DB_PASSWORD sets the role's password; when unset, the
# local development password is used (never use that on a shared server).
set -euo pipefail

cluster=main
port=5432
preload=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --cluster) cluster="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --preload) preload="$2"; shift 2 ;;
    *) echo "postgres.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

if [[ -n "${TRADING_DB_URL:-}" && "${TRADING_DB_URL}" != *"//127.0.0.1:"* && "${TRADING_DB_URL}" != *"//localhost:"* ]]; then
  echo "postgres: using the server at TRADING_DB_URL; nothing to start"
  exit 0
fi

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}
as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then su postgres -c "$(printf '%q ' "$@")"; else sudo -u postgres "$@"; fi
}

if ! command -v pg_lsclusters >/dev/null 2>&1 || [[ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]]; then
  echo "postgres: installing Debian's postgresql package"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version $cluster"; then
  as_root pg_createcluster -p "$port" "$version" "$cluster" >/dev/null
fi
conf_dir="/etc/postgresql/$version/$cluster/conf.d"
if [[ -n "$preload" ]]; then
  # The test engine runs no TimescaleDB background workers: their sessions would keep the tests'
  # throw-away databases from being dropped (and the Apache edition has no policies to run).
  want=$(printf "shared_preload_libraries = '%s'\ntimescaledb.telemetry_level = off\ntimescaledb.max_background_workers = 0\n" "$preload")
  if [[ "$(cat "$conf_dir/preload.conf" 2>/dev/null)" != "$want" ]]; then
    printf '%s\n' "$want" | as_root tee "$conf_dir/preload.conf" >/dev/null
    as_root pg_ctlcluster "$version" "$cluster" restart 2>/dev/null || true
  fi
fi
if ! pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1==v && $2==c {print $4}' | grep -q online; then
  echo "postgres: starting cluster $version/$cluster on port $port"
  as_root pg_ctlcluster "$version" "$cluster" start
fi

psql_admin() {
  as_postgres psql -p "$port" -v ON_ERROR_STOP=1 -qtA "$@"
}
for _ in $(seq 1 30); do
  psql_admin -c 'select 1' >/dev/null 2>&1 && break
  sleep 1
done

# After a package upgrade the running server is the old binary and cannot load the new libraries.
installed=$("/usr/lib/postgresql/$version/bin/postgres" --version | awk '{print $3}')
running=$(psql_admin -c 'show server_version' | awk '{print $1}')
if [[ "$installed" != "$running" ]]; then
  echo "postgres: restarting $version/$cluster on the upgraded binaries ($running -> $installed)"
  as_root pg_ctlcluster "$version" "$cluster" restart
fi

user="${TRADING_DB_USER:-trading}"
password="${TRADING_DB_PASSWORD:-trading-local-dev}"
# Any role name and password work: both are quoted for SQL here (identifier: "" doubles a double
# quote; literal: '' doubles a single quote, and standard_conforming_strings keeps backslashes).
ident="\"${user//\"/\"\"}\""
literal_user="'${user//\'/\'\'}'"
literal_password="'${password//\'/\'\'}'"
if [[ "$(psql_admin -c "select 1 from pg_roles where rolname = $literal_user")" != "1" ]]; then
  psql_admin -c "create role $ident login createdb"
fi
# The password goes through stdin, so it never shows in a process listing, and psql's own output
# (which would echo the statement on an error) is discarded: the password is never printed.
if ! printf 'alter role %s with password %s;\n' "$ident" "$literal_password" | psql_admin >/dev/null 2>&1; then
  echo "postgres: setting the password of role $user failed (the statement is not shown: it holds the password)" >&2
  exit 1
fi
if [[ "$(psql_admin -c "select 1 from pg_database where datname = 'trading'")" != "1" ]]; then
  psql_admin -c "create database trading owner $ident"
fi
echo "postgres: ready at 127.0.0.1:$port (cluster $version/$cluster, database trading, role $user)"
