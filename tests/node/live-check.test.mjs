// `make live-check` itself, pointed at the emulator (it never reaches AWS in make test): it
// prints one row per model with its outcome and tokens, and without credentials it says so
// and exits 0.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { startEmulator } from "../emulator/emulator.mjs";
import { LONG_LIVED } from "../emulator/test-credentials.mjs";

const run = promisify(execFile);
const script = fileURLToPath(new URL("../live/live-check.mjs", import.meta.url));
let emu;
before(async () => (emu = await startEmulator()));
after(() => emu.close());

test("without credentials it says so, sends nothing and exits 0", async () => {
  const env = { ...process.env, AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "" };
  const { stdout } = await run("node", [script], { env });
  assert.match(stdout, /no AWS credentials/);
});

test("with credentials it prints a row per model: worked, adapted, or failed with Bedrock's message", async () => {
  await fetch(`${emu.url}/__emulator/config`, {
    method: "POST",
    body: JSON.stringify({ refusals: [{ model: "anthropic.claude-haiku-4-5", field: "output_config.format", message: "output_config.format: Extra inputs are not permitted" }] }),
  });
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: LONG_LIVED.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LONG_LIVED.secretAccessKey,
    AWS_SESSION_TOKEN: "",
    AWS_REGION: "us-east-1",
    LIVE_CHECK_ENDPOINT: emu.url,
    LIVE_CHECK_MODELS: "global.anthropic.claude-haiku-4-5-20251001-v1:0,amazon.nova-pro-v1:0,us.anthropic.claude-3-5-haiku-20241022-v1:0",
  };
  const { stdout } = await run("node", [script], { env });
  const line = (id) => stdout.split("\n").find((l) => l.startsWith(id)) ?? "";
  assert.match(line("global.anthropic.claude-haiku-4-5"), /worked after adapting \(no-structured-output\)/);
  assert.match(line("amazon.nova-pro-v1:0"), /\d+ in \/ \d+ out\s+worked/);
  assert.match(line("us.anthropic.claude-3-5-haiku"), /not enabled for this account .*end of its life/);
  assert.ok(!stdout.includes(LONG_LIVED.secretAccessKey));
});
