// Build hygiene: wasm-bindgen-cli is installed with --locked, and when that fails the output
// says so and why, never silently (scripts/install-wasm-bindgen.sh, run here against a stand-in
// `cargo` and `wasm-bindgen` on PATH); every other cargo build, test or install is --locked.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SCRIPT = join(ROOT, "scripts/install-wasm-bindgen.sh");
const WANT = /name = "wasm-bindgen"\nversion = "([^"]+)"/.exec(readFileSync(join(ROOT, "Cargo.lock"), "utf8"))[1];

/**
 * Runs the script with a fake `cargo` (which fails with --locked when `lockedFails`) and a fake
 * `wasm-bindgen` at version `have`. Returns { status, output, calls } (cargo's argument lists).
 */
function install({ have, lockedFails }) {
  const bin = mkdtempSync(join(tmpdir(), "install-wasm-bindgen-"));
  try {
    const fakeBindgen = (version) => `#!/bin/sh\necho "wasm-bindgen ${version}"\n`;
    writeFileSync(join(bin, "wasm-bindgen"), fakeBindgen(have));
    writeFileSync(
      join(bin, "cargo"),
      `#!/bin/sh
echo "$*" >> "${bin}/calls"
case " $* " in
  *" --locked "*)
    if [ "${lockedFails ? 1 : 0}" = 1 ]; then
      echo "    Updating crates.io index" >&2
      echo "error: failed to compile \\\`wasm-bindgen-cli v${WANT}\\\`, intermediate artifacts can be found at \\\`/tmp/x\\\`." >&2
      echo "" >&2
      echo "Caused by:" >&2
      echo "  package \\\`some-dep v1.2.3\\\` in Cargo.lock is yanked in registry \\\`crates-io\\\`, consider running without --locked" >&2
      exit 101
    fi ;;
esac
printf '%s' '${fakeBindgen(WANT)}' > "${bin}/wasm-bindgen"
echo "   Installed package \\\`wasm-bindgen-cli v${WANT}\\\`" >&2
`,
    );
    chmodSync(join(bin, "wasm-bindgen"), 0o755);
    chmodSync(join(bin, "cargo"), 0o755);
    const r = spawnSync("bash", [SCRIPT], { encoding: "utf8", env: { ...process.env, PATH: `${bin}:/usr/bin:/bin` } });
    const calls = existsSync(join(bin, "calls")) ? readFileSync(join(bin, "calls"), "utf8").trim().split("\n") : [];
    return { status: r.status, output: r.stdout + r.stderr, calls };
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
}

test("--locked works: one install, with --locked, and no warning", () => {
  const r = install({ have: "0.0.1", lockedFails: false });
  assert.equal(r.status, 0, r.output);
  assert.deepEqual(r.calls, [`install wasm-bindgen-cli --version ${WANT} --locked --force`]);
  assert.doesNotMatch(r.output, /WARNING|WITHOUT/);
});

test("--locked fails: the output says so, with cargo's reason, then installs unlocked", () => {
  const r = install({ have: "0.0.1", lockedFails: true });
  assert.equal(r.status, 0, r.output);
  assert.deepEqual(r.calls, [`install wasm-bindgen-cli --version ${WANT} --locked --force`, `install wasm-bindgen-cli --version ${WANT} --force`]);
  assert.match(r.output, /WARNING: 'cargo install --locked' failed for wasm-bindgen-cli/);
  assert.match(r.output, /is yanked in registry/, "cargo's reason is shown");
  assert.match(r.output, /installed WITHOUT --locked/);
});

test("the right version already installed: nothing to do", () => {
  const r = install({ have: WANT, lockedFails: true });
  assert.equal(r.status, 0, r.output);
  assert.deepEqual(r.calls, []);
  assert.equal(r.output, "");
});

test("install-deps.sh installs wasm-bindgen-cli through that script, with no silent fallback of its own", () => {
  const deps = readFileSync(join(ROOT, "scripts/install-deps.sh"), "utf8");
  assert.match(deps, /^scripts\/install-wasm-bindgen\.sh$/m);
  assert.doesNotMatch(deps, /cargo install/);
  assert.doesNotMatch(readFileSync(SCRIPT, "utf8"), /2>\/dev\/null \|\|/);
});

test("every cargo build, test and install in the scripts and the Makefile is --locked (bar the announced fallback)", () => {
  const sources = ["Makefile", "scripts/build-wasm.sh", "scripts/install-deps.sh", "scripts/install-wasm-bindgen.sh", ".ci/run"];
  const unlocked = [];
  for (const file of sources) {
    const lines = readFileSync(join(ROOT, file), "utf8").split(/(?<!\\)\n/); // continued lines are one command
    for (const line of lines) {
      if (/^\s*#/.test(line) || !/\bcargo (build|test|install)\b/.test(line)) continue;
      if (/--locked/.test(line)) continue;
      if (file === "scripts/install-wasm-bindgen.sh" && /^\s*cargo install wasm-bindgen-cli --version "\$want" --force$/.test(line)) continue;
      unlocked.push(`${file}: ${line.trim()}`);
    }
  }
  assert.deepEqual(unlocked, []);
});
