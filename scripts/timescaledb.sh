#!/usr/bin/env bash
# Makes sure a real TimescaleDB engine runs beside the plain PostgreSQL: a second cluster `tsdb` on
# port 5433 with the extension preloaded. Debian 12 ships no TimescaleDB package, so this builds
# the Apache-licensed edition from Debian trixie's source package against the installed
# PostgreSQL (about a minute, once per machine). That edition has hypertables; continuous
# aggregates, compression and policies need the Timescale-licensed build, which the schema uses
# when it finds one.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

scripts/postgres.sh >/dev/null   # makes sure PostgreSQL itself is installed
version=$(ls /usr/lib/postgresql | sort -n | tail -1)

if [[ ! -f "/usr/lib/postgresql/$version/lib/timescaledb.so" ]]; then
  echo "timescaledb: building the Apache edition from Debian's source package"
  if ! grep -rqs "trixie" /etc/apt/sources.list.d/*.sources; then
    printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      | as_root tee /etc/apt/sources.list.d/flink-trader-trixie-src.sources >/dev/null
  fi
  as_root apt-get update -qq
  # Server and headers must be the same minor version, so both are brought to the newest one.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    "postgresql-$version" "postgresql-server-dev-$version" cmake make gcc libssl-dev dpkg-dev >/dev/null
  work=$(mktemp -d)
  (
    cd "$work"
    apt-get source -qq --download-only timescaledb >/dev/null 2>&1
    dpkg-source -x ./*.dsc src >/dev/null
    cd src
    ./bootstrap -DREGRESS_CHECKS=OFF -DTAP_CHECKS=OFF -DAPACHE_ONLY=ON -DWARNINGS_AS_ERRORS=OFF \
      -DLINTER=OFF -DPG_CONFIG="/usr/lib/postgresql/$version/bin/pg_config" >"$work/build.log" 2>&1
    make -C build -j"$(nproc)" >>"$work/build.log" 2>&1
    as_root make -C build install >>"$work/build.log" 2>&1
  ) || { echo "timescaledb: build failed; see $work/build.log" >&2; exit 1; }
  rm -rf "$work"
  # The server package may have been upgraded: restart the running clusters on the new binaries.
  for c in $(pg_lsclusters -h | awk -v v="$version" '$1==v && $4=="online" {print $2}'); do
    as_root pg_ctlcluster "$version" "$c" restart
  done
fi

scripts/postgres.sh --cluster tsdb --port 5433 --preload timescaledb
