#!/usr/bin/env bash
# Labelled text and lexicons for the sentiment model, from the npm registry (see ../shared/DATA.md):
#   sentiment@5.0.2 (MIT): 3 x 1,000 labelled sentences (UCI "Sentiment Labelled Sentences",
#     Kotzias et al. 2015, CC BY 4.0) and the Emoji Sentiment Ranking (Kralj Novak et al. 2015)
#   afinn-165-financialmarketnews@3.0.0 (MIT): AFINN-165 adjusted for financial market news
# into ${FLINK_TRADER_DATA:-~/.cache/flink-trader}/text. Pinned by checksum; idempotent.
set -euo pipefail
dir="${FLINK_TRADER_DATA:-$HOME/.cache/flink-trader}/text"
[[ -f "$dir/.complete" ]] && exit 0
registry="${NPM_REGISTRY:-https://registry.npmjs.org}"
if ! command -v curl >/dev/null; then
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get install -y -q curl >/dev/null 2>&1 || {
    $SUDO apt-get update -q >/dev/null
    $SUDO apt-get install -y -q curl >/dev/null
  }
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fetch() { # name version sha256
  local file="$tmp/$1-$2.tgz"
  curl -sSf --retry 3 -o "$file" "$registry/$1/-/$1-$2.tgz"
  echo "$3  $file" | sha256sum -c --quiet -
  mkdir -p "$tmp/$1" && tar xzf "$file" -C "$tmp/$1"
}
fetch sentiment 5.0.2 89302eb03d2005d03b214fe65814bb48adb7d3c42c8ca80bdee6a3ecb7e4480f
fetch afinn-165-financialmarketnews 3.0.0 36a2aac369849f191d11ba3c4233558ae8839d09b7f77381dc267584c2a04aa3
mkdir -p "$dir/sentences"
cp "$tmp"/sentiment/package/test/fixtures/{amazon,imdb,yelp}.json "$dir/sentences/"
cp "$tmp/sentiment/package/build/Emoji_Sentiment_Data_v1.0.csv" "$dir/emoji-sentiment.csv"
cp "$tmp/afinn-165-financialmarketnews/package/index.js" "$dir/afinn-165-financialmarketnews.js"
touch "$dir/.complete"
echo "text-data: labelled sentences and lexicons in $dir"
