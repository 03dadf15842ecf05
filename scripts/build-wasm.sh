#!/usr/bin/env bash
# Builds the two wasm packages into extension/pkg/ (wasm-bindgen --target web), shrinks them
# without changing what they do, and prints their size: raw, gzip -9 and brotli.
#   labeler       predictLabels and settings: what the popup loads (the backend);
#   labeler-full  the same plus the workspace's exports and the benchmark hook (feature "full").
#
#   scripts/build-wasm.sh                       development build into extension/pkg/ (the local
#                                               emulator on loopback is allowed: feature "emulator")
#   scripts/build-wasm.sh --production OUT_DIR  the packaged extension's build (scripts/package.mjs):
#                                               without "emulator", so the wasm refuses any local
#                                               endpoint; in its own target dir, so the two builds
#                                               never overwrite each other's labeler_wasm.wasm
set -euo pipefail
cd "$(dirname "$0")/.."

out=extension/pkg
features=()
target_dir=target
if [ "${1:-}" = "--production" ]; then
  [ -n "${2:-}" ] || { echo "usage: $0 [--production OUT_DIR]" >&2; exit 2; }
  out=$2
  features=(--no-default-features)
  target_dir=target/package
fi

# Both tools come from tests/node_modules (exact versions in tests/package.json, installed by
# `make deps`). See docs/size.md for what each saves.
bin=tests/node_modules/.bin
for tool in wasm-opt esbuild; do
  [ -x "$bin/$tool" ] || { echo "missing $bin/$tool: run make deps (npm ci in tests/)" >&2; exit 1; }
done

rm -rf "$out"
build() { # build <out-name> [cargo feature args...]
  local name=$1
  shift
  # --locked: build exactly what Cargo.lock says; never resolve anew on the way.
  cargo build -p labeler-wasm --target wasm32-unknown-unknown --release --quiet --locked \
    --target-dir "$target_dir" ${features[@]+"${features[@]}"} "$@"
  wasm-bindgen --target web --remove-name-section --remove-producers-section \
    --out-dir "$out" --out-name "$name" \
    "$target_dir/wasm32-unknown-unknown/release/labeler_wasm.wasm"
  # wasm-opt from npm's binaryen 132 (not Debian's binaryen 108, which corrupts the externref
  # table wasm-bindgen 0.2.130 emits). -Oz; the features are the ones rustc enables for wasm32.
  "$bin/wasm-opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-reference-types --enable-multivalue --enable-mutable-globals \
    "$out/${name}_bg.wasm" -o "$out/${name}_bg.wasm"
  # The JS glue, minified: local names shrink; exported names and the wasm's import names
  # (object keys) stay as they are.
  "$bin/esbuild" "$out/$name.js" --minify --format=esm --target=es2022 \
    --outfile="$out/$name.js" --allow-overwrite --log-level=warning
}
build labeler-full --features full
build labeler
scripts/size.sh "$out"
