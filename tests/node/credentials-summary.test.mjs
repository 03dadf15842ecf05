// The collapsed credentials line (extension/credentials-summary.js): the key id masked, the
// expiry in minutes, never more than the first and last four characters of the key id.
import { test } from "node:test";
import assert from "node:assert/strict";
import { maskKeyId, expiresIn, summaryText } from "../../extension/credentials-summary.js";

const NOW = Date.parse("2025-06-01T12:00:00Z");
const at = (minutes) => new Date(NOW + minutes * 60_000).toISOString();

test("the key id shows its first and last four characters only", () => {
  assert.equal(maskKeyId("ASIAEMULATORROLE0001"), "ASIA…0001");
  assert.equal(maskKeyId("  AKIAEMULATORUSER0001 "), "AKIA…0001");
  assert.equal(maskKeyId("short"), "…");
  assert.equal(maskKeyId(undefined), "…");
});

test("the expiry in minutes, hours and minutes, under a minute, or expired", () => {
  assert.equal(expiresIn(at(52.9), NOW), "expires in 52 min");
  assert.equal(expiresIn(at(65), NOW), "expires in 1 h 05 min");
  assert.equal(expiresIn(at(0.5), NOW), "expires in under a minute");
  assert.equal(expiresIn(at(-1), NOW), "expired");
  assert.equal(expiresIn(undefined, NOW), null);
  assert.equal(expiresIn("not a date", NOW), null);
});

test("the line: key, expiry, remembered", () => {
  assert.equal(summaryText({ accessKeyId: "ASIAEMULATORROLE0001", expiration: at(52) }, NOW), "Keys: ASIA…0001 · expires in 52 min");
  assert.equal(summaryText({ accessKeyId: "AKIAEMULATORUSER0001", remembered: true }, NOW), "Keys: AKIA…0001 · remembered on this device");
  // Given a whole credentials object by mistake, it still shows nothing secret.
  const line = summaryText({ accessKeyId: "AKIAEMULATORUSER0001", secretAccessKey: "emuLongLivedSecretKey/0000000000000000000", sessionToken: "tok" }, NOW);
  assert.ok(!line.includes("emuLong") && !line.includes("tok"), line);
});
