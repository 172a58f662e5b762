#!/usr/bin/env bash
# Prepares the data the site serves, in OUT_DIR (default build/site/data):
#   the first TRAIN_SIZE (default 10000) training images and labels, and all 10,000 test
#   images and labels, as gzipped IDX files with deterministic bytes; and in OUT_DIR/full/ all
#   60,000 training images and labels (the upstream files as they are, with their lines of
#   data/SOURCE.sha256 as full/SHA256SUMS), which the page fetches only when asked.
# The source is Debian's dataset-fashion-mnist (installed here when missing). Where apt-get
# is not available, the official files are downloaded instead (see data/README.md). Either
# way the source files must match data/SOURCE.sha256 and the output data/SITE.sha256.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out=${1:-$root/build/site/data}
train_size=${TRAIN_SIZE:-10000}
src=${FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}
official=http://fashion-mnist.s3-website.eu-central-1.amazonaws.com
sudo=; [ "$(id -u)" = 0 ] || sudo=sudo

full_sums() { grep ' train-' "$here/SOURCE.sha256"; }
if [ -d "$out" ] && [ "$train_size" = 10000 ] && (cd "$out" && sha256sum --quiet -c "$here/SITE.sha256" >/dev/null 2>&1) &&
   [ -d "$out/full" ] && (cd "$out/full" && full_sums | cmp -s - SHA256SUMS && sha256sum --quiet -c SHA256SUMS >/dev/null 2>&1); then
  echo "data: $out is up to date"
  exit 0
fi

if [ ! -f "$src/train-images-idx3-ubyte.gz" ]; then
  if command -v apt-get >/dev/null && apt-cache show dataset-fashion-mnist >/dev/null 2>&1 ||
     { command -v apt-get >/dev/null && $sudo apt-get update -qq && apt-cache show dataset-fashion-mnist >/dev/null 2>&1; }; then
    echo "data: installing Debian's dataset-fashion-mnist"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq dataset-fashion-mnist
  else
    src=$root/build/fashion-mnist
    echo "data: no Debian package here; downloading the official files into $src"
    mkdir -p "$src"
    for f in $(awk '{print $2}' "$here/SOURCE.sha256"); do
      [ -f "$src/$f" ] || curl -fsSL -o "$src/$f" "$official/$f"
    done
  fi
fi

(cd "$src" && sha256sum --quiet -c "$here/SOURCE.sha256") || {
  echo "data: the files in $src do not match data/SOURCE.sha256" >&2; exit 1; }

mkdir -p "$out"
cargo run --release --quiet --manifest-path "$root/Cargo.toml" --bin brainlab -- \
  prepare-data --data "$src" --out "$out" --train-size "$train_size"
if [ "$train_size" = 10000 ]; then
  (cd "$out" && sha256sum --quiet -c "$here/SITE.sha256") || {
    echo "data: the prepared files do not match data/SITE.sha256" >&2; exit 1; }
fi
mkdir -p "$out/full"
full_sums > "$out/full/SHA256SUMS"
for f in $(awk '{print $2}' "$out/full/SHA256SUMS"); do cp "$src/$f" "$out/full/$f"; done
(cd "$out/full" && sha256sum --quiet -c SHA256SUMS) || {
  echo "data: the full training set in $out/full does not match data/SOURCE.sha256" >&2; exit 1; }
echo "data: ready in $out (all 60,000 training images in $out/full)"
