#!/usr/bin/env bash
# Installs what the build and tests need on a fresh Debian machine, skipping what is present:
# the wasm32 target, wasm-bindgen-cli at exactly the locked wasm-bindgen version, Debian chromium
# and unzip, and the test packages (npm ci).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
# unzip: the package test extracts the zip `make package` writes, as a user would.
command -v unzip >/dev/null 2>&1 || need_apt+=(unzip)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "==> apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "==> rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli at exactly the locked wasm-bindgen version; --locked, or a warning saying why not.
scripts/install-wasm-bindgen.sh

if [ ! -d tests/node_modules ] || [ tests/package-lock.json -nt tests/node_modules/.package-lock.json ]; then
  echo "==> npm ci (tests/)"
  (cd tests && npm ci --no-audit --no-fund --loglevel=error)
fi
