#!/usr/bin/env bash
# Prints the size of what the extension loads as its backend: the wasm and its JS glue.
# gzip -9 (GNU gzip, no file name stored); brotli q11 from the brotli tool, else from Node's zlib (as make bench does).
set -euo pipefail
cd "$(dirname "$0")/.."
wasm=extension/pkg/labeler_bg.wasm
js=extension/pkg/labeler.js
gz() { gzip -9cn "$@" | wc -c; }  # -n: no file name in the header, as a server sends it
br() {
  if command -v brotli >/dev/null 2>&1; then brotli -c -q 11 "$@" | wc -c
  elif command -v node >/dev/null 2>&1; then
    node -e 'const z = require("zlib"), d = require("fs").readFileSync(process.argv[1]);
      console.log(z.brotliCompressSync(d, { params: { [z.constants.BROTLI_PARAM_QUALITY]: 11, [z.constants.BROTLI_PARAM_SIZE_HINT]: d.length } }).length)' "$1"
  else echo "n/a"; fi
}
printf 'wasm size   %-28s raw %7d  gzip %7d  brotli %s\n' "$wasm" "$(wc -c <"$wasm")" "$(gz "$wasm")" "$(br "$wasm")"
printf 'wasm size   %-28s raw %7d  gzip %7d  brotli %s\n' "$js" "$(wc -c <"$js")" "$(gz "$js")" "$(br "$js")"
printf 'wasm size   %-28s raw %7d  gzip %7d\n' "total (wasm + glue)" "$(( $(wc -c <"$wasm") + $(wc -c <"$js") ))" "$(( $(gz "$wasm") + $(gz "$js") ))"
