#!/usr/bin/env bash
# Builds the wasm package into extension/pkg/ (wasm-bindgen --target web), shrinks it without
# changing what it does, and prints its size: raw, gzip -9 and brotli.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build -p labeler-wasm --target wasm32-unknown-unknown --release --quiet
rm -rf extension/pkg
wasm-bindgen --target web --remove-name-section --remove-producers-section \
  --out-dir extension/pkg --out-name labeler \
  target/wasm32-unknown-unknown/release/labeler_wasm.wasm

# Both tools come from tests/node_modules (exact versions in tests/package.json, installed by
# `make deps`). See docs/size.md for what each saves.
bin=tests/node_modules/.bin
for tool in wasm-opt esbuild; do
  [ -x "$bin/$tool" ] || { echo "missing $bin/$tool: run make deps (npm ci in tests/)" >&2; exit 1; }
done
# wasm-opt from npm's binaryen 132 (not Debian's binaryen 108, which corrupts the externref
# table wasm-bindgen 0.2.130 emits). -Oz; the features are the ones rustc enables for wasm32.
"$bin/wasm-opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-reference-types --enable-multivalue --enable-mutable-globals \
  extension/pkg/labeler_bg.wasm -o extension/pkg/labeler_bg.wasm
# The JS glue, minified: local names shrink; exported names and the wasm's import names (object
# keys) stay as they are.
"$bin/esbuild" extension/pkg/labeler.js --minify --format=esm --target=es2022 \
  --outfile=extension/pkg/labeler.js --allow-overwrite --log-level=warning
scripts/size.sh
