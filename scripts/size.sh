#!/usr/bin/env bash
# Prints the size of what the extension loads: each package's wasm and its JS glue (labeler: the
# popup's backend; labeler-full: the workspace's).
# gzip -9 (GNU gzip, no file name stored); brotli q11 from the brotli tool, else from Node's zlib (as make bench does).
# scripts/size.sh [DIR]: the packages in DIR (default extension/pkg).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-extension/pkg}
gz() { gzip -9cn "$@" | wc -c; }  # -n: no file name in the header, as a server sends it
br() {
  if command -v brotli >/dev/null 2>&1; then brotli -c -q 11 "$@" | wc -c
  elif command -v node >/dev/null 2>&1; then
    node -e 'const z = require("zlib"), d = require("fs").readFileSync(process.argv[1]);
      console.log(z.brotliCompressSync(d, { params: { [z.constants.BROTLI_PARAM_QUALITY]: 11, [z.constants.BROTLI_PARAM_SIZE_HINT]: d.length } }).length)' "$1"
  else echo "n/a"; fi
}
report() { # report <package name> <what it is>
  local wasm=$dir/$1_bg.wasm js=$dir/$1.js
  printf 'wasm size   %-34s raw %7d  gzip %7d  brotli %s\n' "$wasm" "$(wc -c <"$wasm")" "$(gz "$wasm")" "$(br "$wasm")"
  printf 'wasm size   %-34s raw %7d  gzip %7d  brotli %s\n' "$js" "$(wc -c <"$js")" "$(gz "$js")" "$(br "$js")"
  printf 'wasm size   %-34s raw %7d  gzip %7d\n' "$1: $2" "$(( $(wc -c <"$wasm") + $(wc -c <"$js") ))" "$(( $(gz "$wasm") + $(gz "$js") ))"
}
report labeler "backend (popup)"
report labeler-full "workspace"
