// manifest.json: MV3, a valid match pattern for every host permission (Chrome allows `*` only
// as the whole first host label), every region of the picker an optional host permission (asked
// for on first use), nothing remote granted at install, and a strict CSP.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { REGIONS } from "../../extension/regions.js";

const manifest = JSON.parse(readFileSync(new URL("../../manifest.json", import.meta.url), "utf8"));

/** Chrome's match-pattern grammar: <scheme>://<host><path>, host `*`, `*.rest`, or no `*`. */
function validPattern(p) {
  const m = /^(https?|\*):\/\/([^/]+)(\/.*)$/.exec(p);
  if (!m) return false;
  const host = m[2].replace(/:\d+$/, "");
  if (host === "*") return true;
  const rest = host.startsWith("*.") ? host.slice(2) : host;
  return !rest.includes("*") && /^[a-z0-9.-]+$/.test(rest);
}

test("is MV3 with a popup and a CSP that allows wasm and nothing remote", () => {
  assert.equal(manifest.manifest_version, 3);
  assert.equal(manifest.action.default_popup, "extension/popup.html");
  const csp = manifest.content_security_policy.extension_pages;
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/);
  const tokens = csp.split(/[\s;]+/);
  assert.ok(!tokens.includes("'unsafe-inline'") && !tokens.includes("'unsafe-eval'"), csp);
  assert.match(csp, /object-src 'none'/);
});

test("every host permission, required or optional, is a valid Chrome match pattern", () => {
  for (const p of [...manifest.host_permissions, ...manifest.optional_host_permissions]) assert.ok(validPattern(p), p);
  assert.ok(!validPattern("https://bedrock-runtime.*.amazonaws.com/*"), "the checker rejects a mid-host wildcard");
});

test("least privilege: no AWS host at install; every region of the picker is an optional host", () => {
  // Granted at install: only the local emulator's hosts, plus storage for the credentials.
  assert.deepEqual([...manifest.host_permissions].sort(), ["http://127.0.0.1/*", "http://localhost/*"]);
  assert.deepEqual(manifest.permissions, ["storage"]);
  for (const [region] of REGIONS) {
    assert.ok(manifest.optional_host_permissions.includes(`https://bedrock-runtime.${region}.amazonaws.com/*`), region);
  }
  // Only Bedrock Runtime hosts may be asked for; no wildcard host.
  for (const p of manifest.optional_host_permissions) {
    assert.match(p, /^https:\/\/bedrock-runtime(-fips)?\.[a-z0-9-]+\.amazonaws\.com\/\*$/, p);
  }
});

test("popup runs go to a module service worker, which needs no extra permission", () => {
  // Closing the popup must not end a run (docs/architecture.md, "Popup runs"); the worker runs
  // them. No "offscreen" or other permission comes with it.
  assert.deepEqual(manifest.background, { service_worker: "extension/background.js", type: "module" });
  assert.ok(!("externally_connectable" in manifest), "no web page or other extension can message it");
});

/** The development manifest's own access to the local emulator (scripts/package.mjs drops it). */
const LOOPBACK_SOURCES = ["http://127.0.0.1:*", "http://localhost:*"];

test("connect-src names exactly the optional Bedrock hosts, no wildcard; plus, in this development manifest, the emulator's loopback", () => {
  const csp = manifest.content_security_policy.extension_pages;
  const connect = /(?:^|;)\s*connect-src ([^;]*)/.exec(csp)[1].trim().split(/\s+/);
  const hosts = manifest.optional_host_permissions.map((p) => p.replace(/\/\*$/, ""));
  assert.deepEqual(connect.filter((t) => t !== "'self'" && !LOOPBACK_SOURCES.includes(t)).sort(), [...hosts].sort());
  assert.deepEqual(connect.filter((t) => LOOPBACK_SOURCES.includes(t)), LOOPBACK_SOURCES);
  assert.ok(connect.every((t) => !t.includes("*.")), `no wildcard host: ${connect.filter((t) => t.includes("*."))}`);
  // Every other directive stays strict: nothing remote.
  for (const directive of csp.split(";").map((d) => d.trim()).filter((d) => !d.startsWith("connect-src"))) {
    assert.doesNotMatch(directive, /https?:/, directive);
  }
});

test("the icons, popup and service worker it names exist", () => {
  for (const path of [manifest.action.default_popup, manifest.background.service_worker, ...Object.values(manifest.icons)]) {
    assert.ok(readFileSync(new URL(`../../${path}`, import.meta.url)).length > 0, path);
  }
});
