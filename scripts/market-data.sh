#!/usr/bin/env bash
# A second real market sample for the TFT: 62,496 half-hour USD/CHF quotes, 1996-04-01 to
# 2001-03-30, shipped as the `USDCHF` data set of the Rmetrics timeSeries R package (GPL-2; Debian's
# r-cran-timeseries). The package's data is in R's own format, so this installs R (r-base-core),
# downloads the package with apt, and writes the quotes as a Polygon flat file
# (scripts/usdchf.R) to ${FLINK_TRADER_DATA:-~/.cache/flink-trader}/market/usdchf-30m.csv.
# The result is checked against the checksum it was measured with. Idempotent.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="${FLINK_TRADER_DATA:-$HOME/.cache/flink-trader}/market"
out="$dir/usdchf-30m.csv"
sha=bef233d81cde65cd12999246408ccbc6ffc9752501e62a7374908b1ba9250aeb
[[ -f "$out" ]] && echo "$sha  $out" | sha256sum -c --quiet - 2>/dev/null && exit 0
as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}
if ! command -v Rscript >/dev/null; then
  echo "market-data: installing R (Debian's r-base-core) to read the timeSeries package's data"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends r-base-core >/dev/null 2>&1 || {
    as_root apt-get update -q >/dev/null
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends r-base-core >/dev/null
  }
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
(cd "$tmp" && apt-get download -q r-cran-timeseries >/dev/null 2>&1) || {
  as_root apt-get update -q >/dev/null
  (cd "$tmp" && apt-get download -q r-cran-timeseries >/dev/null)
}
dpkg-deb -x "$tmp"/r-cran-timeseries_*.deb "$tmp/x"
mkdir -p "$dir"
Rscript "$here/usdchf.R" "$tmp/x/usr/lib/R/site-library/timeSeries" "$tmp/usdchf-30m.csv"
if ! echo "$sha  $tmp/usdchf-30m.csv" | sha256sum -c --quiet -; then
  echo "market-data: the USD/CHF quotes differ from the ones measured (checksum); refusing them" >&2
  exit 1
fi
mv "$tmp/usdchf-30m.csv" "$out"
echo "market-data: $(($(wc -l < "$out") - 1)) USD/CHF half-hour bars in $out"
