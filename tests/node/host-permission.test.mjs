// Least privilege: which host the pages ask Chrome for before a run (decided by the core's
// endpointFor, the function predictLabels uses), that every region of the picker maps to a
// pattern manifest.json lists as optional, that anything odd fails closed (no prompt skipped,
// nothing asked, nothing sent), and what the user is told when Chrome says no. The prompt itself
// is tested in Chromium: tests/e2e/permissions.test.mjs.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { hostPermissionFor, askForHost, requestHostPermission } from "../../extension/host-permission.js";
import { REGIONS } from "../../extension/regions.js";
import { loadLabeler } from "../lib/load-wasm.mjs";

const manifest = JSON.parse(readFileSync(new URL("../../manifest.json", import.meta.url), "utf8"));
let endpointFor;

before(async () => {
  ({ endpointFor } = await loadLabeler());
});

/** A stand-in for chrome.permissions: records what was asked, answers as told. */
function permissions(answer) {
  const asked = [];
  return {
    asked,
    request: async (p) => {
      asked.push(p);
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

test("each region asks for exactly its own Bedrock Runtime host, which the manifest lists as optional", () => {
  for (const [region] of REGIONS) {
    const r = hostPermissionFor(endpointFor, region, "");
    assert.deepEqual(r, { ok: true, pattern: `https://bedrock-runtime.${region}.amazonaws.com/*` });
    assert.ok(manifest.optional_host_permissions.includes(r.pattern), r.pattern);
  }
});

test("an allowed override asks for that host; the local emulator asks for its host too (granted at install in the development build)", () => {
  assert.deepEqual(hostPermissionFor(endpointFor, "us-east-1", "https://bedrock-runtime-fips.us-east-1.amazonaws.com"), { ok: true, pattern: "https://bedrock-runtime-fips.us-east-1.amazonaws.com/*" });
  assert.deepEqual(hostPermissionFor(endpointFor, "us-east-1", "http://127.0.0.1:4010"), { ok: true, pattern: "http://127.0.0.1/*" });
  assert.deepEqual(hostPermissionFor(endpointFor, "us-east-1", "http://localhost:4010/"), { ok: true, pattern: "http://localhost/*" });
});

test("the issue's attack: an API Gateway host with U+0085 is refused, and Chrome is never asked", async () => {
  const attack = "https://abc123.execute-api.us-east-1.amazonaws.com\u0085";
  for (const endpoint of [attack, attack.trim(), "https://abc123.execute-api.us-east-1.amazonaws.com"]) {
    const p = permissions(true);
    const r = await askForHost(endpointFor, "us-east-1", endpoint, p);
    assert.equal(r.ok, false, JSON.stringify(endpoint));
    assert.equal(r.error.code, "InvalidInput");
    assert.match(r.error.message, /^endpoint: /);
    assert.deepEqual(p.asked, [], "no permission asked for");
  }
  assert.match(hostPermissionFor(endpointFor, "us-east-1", attack).error.message, /U\+0085/);
});

test("anything odd fails closed: not a URL, a proxy, user info, an unknown region", async () => {
  for (const [region, endpoint, field] of [
    ["us-east-1", "not a url", "endpoint"],
    ["us-east-1", "https://proxy.example.com", "endpoint"],
    ["us-east-1", " https://proxy.example.com:8443/bedrock/ ", "endpoint"],
    ["us-east-1", "https://user:pw@bedrock-runtime.us-east-1.amazonaws.com", "endpoint"],
    ["us-east-1", "https://localhost:4010", "endpoint"],
    ["us-east-1", "https://bedrock-runtime.us-east-1.amazonaws.com\u00a0", "endpoint"],
    ["us-east-1\u0085", "", "region"],
    ["cn-north-1", "", "region"],
  ]) {
    const p = permissions(true);
    const r = await askForHost(endpointFor, region, endpoint, p);
    assert.equal(r.ok, false, `${region} ${endpoint}`);
    assert.match(r.error.message, new RegExp(`^${field}: `), r.error.message);
    assert.deepEqual(p.asked, []);
  }
});

test("a broken or missing check fails closed too, never as 'no permission needed'", async () => {
  const broken = [
    () => {
      throw new Error("wasm not loaded");
    },
    () => null,
    () => undefined,
    () => ({ ok: true }),
    () => ({ ok: true, hostPattern: "" }),
    () => ({ ok: true, hostPattern: null }),
    () => ({ ok: "yes", hostPattern: "https://x/*" }),
    () => ({ ok: false }),
  ];
  for (const endpointFor of broken) {
    const p = permissions(true);
    const r = await askForHost(endpointFor, "us-east-1", "", p);
    assert.equal(r.ok, false, String(endpointFor));
    assert.equal(r.error.code, "InvalidInput");
    assert.deepEqual(p.asked, []);
  }
  // No chrome.permissions at all (not an extension page): refused, not waved through.
  const r = await askForHost(endpointFor, "us-east-1", "", undefined);
  assert.equal(r.ok, false);
  assert.equal(r.error.code, "PermissionDenied");
});

test("granted: ok, after asking for exactly that origin, synchronously (inside the click)", async () => {
  const p = permissions(true);
  const pending = askForHost(endpointFor, "eu-west-1", "", p);
  assert.deepEqual(p.asked, [{ origins: ["https://bedrock-runtime.eu-west-1.amazonaws.com/*"] }], "asked before the first await");
  assert.deepEqual(await pending, { ok: true });
  // Only `true` is a grant.
  assert.equal((await askForHost(endpointFor, "eu-west-1", "", permissions("yes"))).ok, false);
});

test("refused: PermissionDenied naming the host, saying nothing was sent and what to do", async () => {
  const r = await requestHostPermission("https://bedrock-runtime.eu-west-1.amazonaws.com/*", permissions(false));
  assert.equal(r.ok, false);
  assert.equal(r.error.code, "PermissionDenied");
  assert.match(r.error.message, /bedrock-runtime\.eu-west-1\.amazonaws\.com/);
  assert.match(r.error.message, /nothing was sent/);
  assert.match(r.error.message, /Allow/);
});

test("a host the manifest does not list: Chrome throws; the message says which hosts are allowed", async () => {
  const r = await requestHostPermission("https://bedrock-runtime-fips.eu-west-1.amazonaws.com/*", permissions(new Error("Only permissions specified in the manifest may be requested.")));
  assert.equal(r.error.code, "PermissionDenied");
  assert.match(r.error.message, /bedrock-runtime-fips\.eu-west-1\.amazonaws\.com is not one of them/);
  const g = await requestHostPermission("https://bedrock-runtime.us-east-1.amazonaws.com/*", permissions(new Error("This function must be called during a user gesture")));
  assert.match(g.error.message, /did not ask.*user gesture/);
});
