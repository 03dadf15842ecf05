#!/usr/bin/env bash
# Builds the wasm package into extension/pkg/ (wasm-bindgen --target web) and
# prints its size: raw, gzip -9 and brotli when available.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build -p labeler-wasm --target wasm32-unknown-unknown --release --quiet
rm -rf extension/pkg
wasm-bindgen --target web --remove-name-section --remove-producers-section \
  --out-dir extension/pkg --out-name labeler \
  target/wasm32-unknown-unknown/release/labeler_wasm.wasm
scripts/size.sh
