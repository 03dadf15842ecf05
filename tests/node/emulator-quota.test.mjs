// The emulator's knobs for `make bench`: a requests-per-minute quota answered with 429
// ThrottlingException, and `verifySignatures: false` for the unsigned-fetch floor.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "../emulator/emulator.mjs";

let emu;
before(async () => {
  emu = await startEmulator();
});
after(() => emu.close());

const MODEL = "anthropic.claude-3-haiku-20240307-v1%3A0";
const body = JSON.stringify({
  anthropic_version: "bedrock-2023-05-31",
  max_tokens: 100,
  messages: [{ role: "user", content: 'Label these.\n<items>\n[{"id":"1","text":"a positive one"}]\n</items>' }],
});
const invoke = () =>
  fetch(`${emu.url}/model/${MODEL}/invoke`, { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body });
const configure = (config) => fetch(`${emu.url}/__emulator/config`, { method: "POST", body: JSON.stringify(config) }).then((r) => r.json());

test("unsigned requests are refused unless verifySignatures is false", async () => {
  await fetch(`${emu.url}/__emulator/reset`);
  assert.equal((await invoke()).status, 403);
  await configure({ verifySignatures: false });
  const res = await invoke();
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal((await res.json()).content[0].type, "text");
  await fetch(`${emu.url}/__emulator/reset`);
  assert.equal((await invoke()).status, 403, "reset restores verification");
});

test("quotaRpm lets a burst through, then answers 429 ThrottlingException until tokens refill", async () => {
  await fetch(`${emu.url}/__emulator/reset`);
  await configure({ verifySignatures: false, quotaRpm: 60, quotaBurst: 2 });
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await invoke()).status);
  assert.deepEqual(statuses, [200, 200, 429]);
  const throttled = await invoke();
  assert.equal(throttled.status, 429);
  assert.match(throttled.headers.get("x-amzn-errortype"), /^ThrottlingException:/);
  assert.ok(throttled.headers.get("x-amzn-requestid"));
  assert.match((await throttled.json()).message, /Too many requests/);
  await new Promise((r) => setTimeout(r, 1100)); // 60 rpm refills one token a second
  assert.equal((await invoke()).status, 200);
  assert.equal(emu.stats.throttled, 2);
  await fetch(`${emu.url}/__emulator/reset`);
});
