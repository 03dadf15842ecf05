// Least privilege: which host the popup asks Chrome for before a run, that every region of the
// picker maps to a pattern manifest.json lists as optional, and what the user is told when
// Chrome says no. (The prompt itself is tested in Chromium: tests/e2e/permissions.test.mjs.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { hostPatternFor, requestHostPermission } from "../../extension/host-permission.js";
import { REGIONS } from "../../extension/regions.js";

const manifest = JSON.parse(readFileSync(new URL("../../manifest.json", import.meta.url), "utf8"));

test("each region asks for exactly its own Bedrock Runtime host, which the manifest lists as optional", () => {
  for (const [region] of REGIONS) {
    const pattern = hostPatternFor(region, "");
    assert.equal(pattern, `https://bedrock-runtime.${region}.amazonaws.com/*`);
    assert.ok(manifest.optional_host_permissions.includes(pattern), pattern);
  }
});

test("an endpoint override asks for that host (no port, no path); the local emulator needs no prompt", () => {
  assert.equal(hostPatternFor("us-east-1", "https://bedrock-runtime-fips.us-east-1.amazonaws.com"), "https://bedrock-runtime-fips.us-east-1.amazonaws.com/*");
  assert.equal(hostPatternFor("us-east-1", " https://proxy.example.com:8443/bedrock/ "), "https://proxy.example.com/*");
  assert.equal(hostPatternFor("us-east-1", "http://127.0.0.1:4010"), null);
  assert.equal(hostPatternFor("us-east-1", "http://localhost:4010/"), null);
  // https to a local host is not what the manifest grants at install: ask.
  assert.equal(hostPatternFor("us-east-1", "https://localhost:4010"), "https://localhost/*");
  assert.equal(hostPatternFor("us-east-1", "not a url"), null, "predictLabels names the bad endpoint instead");
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

test("granted: ok, after asking for exactly that origin", async () => {
  const p = permissions(true);
  assert.deepEqual(await requestHostPermission("https://bedrock-runtime.eu-west-1.amazonaws.com/*", p), { ok: true });
  assert.deepEqual(p.asked, [{ origins: ["https://bedrock-runtime.eu-west-1.amazonaws.com/*"] }]);
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
  const r = await requestHostPermission("https://proxy.example.com/*", permissions(new Error("Only permissions specified in the manifest may be requested.")));
  assert.equal(r.error.code, "PermissionDenied");
  assert.match(r.error.message, /proxy\.example\.com is not one of them/);
  const g = await requestHostPermission("https://bedrock-runtime.us-east-1.amazonaws.com/*", permissions(new Error("This function must be called during a user gesture")));
  assert.match(g.error.message, /did not ask.*user gesture/);
});
