#!/usr/bin/env bash
# Installs wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock (the CLI and the
# crate must match), unless that version is already on PATH.
#
# `cargo install --locked` builds the CLI with the dependency versions its release pinned (the
# Cargo.lock it was published with): the reproducible install, always tried first. Some releases
# cannot be installed that way (their lockfile pins a crate that was later yanked, or one that
# no longer builds with this Rust). Only then does it install with a fresh resolve (the newest
# semver-compatible dependencies), and it says so in the output, with cargo's reason, before and
# after: never silently.
set -euo pipefail
cd "$(dirname "$0")/.."

want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$want" ] || { echo "install-wasm-bindgen: no wasm-bindgen in Cargo.lock" >&2; exit 1; }
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
[ "$have" = "$want" ] && exit 0

echo "==> cargo install wasm-bindgen-cli --version $want --locked (have: ${have:-none})"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# cargo's progress still shows; its messages are kept to say why, should --locked fail (a
# pipeline, not a process substitution, so the log is complete before it is read; pipefail keeps
# cargo's exit status).
if ! cargo install wasm-bindgen-cli --version "$want" --locked --force 2>&1 | tee "$log"; then
  {
    echo "==> WARNING: 'cargo install --locked' failed for wasm-bindgen-cli $want. cargo said:"
    grep -E '^(error|warning|Caused by)|^ +' "$log" | tail -n 15 | sed 's/^/      /'
    echo "==> Installing it WITHOUT --locked: its dependencies are resolved afresh (the newest"
    echo "    semver-compatible versions), not the versions its release pinned."
  } >&2
  cargo install wasm-bindgen-cli --version "$want" --force
  echo "==> WARNING: wasm-bindgen-cli $want was installed WITHOUT --locked (see above)." >&2
fi

got=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
[ "$got" = "$want" ] || { echo "install-wasm-bindgen: wasm-bindgen is ${got:-missing} after the install, not $want" >&2; exit 1; }
