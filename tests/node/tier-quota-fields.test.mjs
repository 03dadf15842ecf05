// The service tier and the tokens-per-minute quota as the pages send them: declared once
// (settings-fields.js), put in the workspace's requests (settings.js) and the popup's
// (form.js), and an error about either pointing at its input. The core's own checks (which
// model offers which tier, the quota's range) are in service-tiers.test.mjs and tests/tiers.rs.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { FIELDS } from "../../extension/settings-fields.js";
import { SERVICE_TIERS } from "../../extension/pickers.js";
import { inputForError } from "../../extension/form.js";
import { defaultSettings, offlineRequest, liveRequest } from "../../extension/workspace/settings.js";
import { loadLabeler } from "../lib/load-wasm.mjs";
import { LONG_LIVED } from "../emulator/test-credentials.mjs";

let labeler;
/** The workspace's settings with a label set, so the core checks the fields under test. */
const settings = (over = {}) => ({ ...defaultSettings(), labels: [{ name: "spam" }, { name: "ham" }], ...over });
before(async () => {
  labeler = await loadLabeler();
});

test("both fields are declared once, the tier's choices are the pickers' (\"\" = Standard)", () => {
  const tier = FIELDS.find((f) => f.name === "serviceTier");
  assert.deepEqual(tier.choices, SERVICE_TIERS.map(([v]) => v));
  assert.deepEqual(tier.choices, ["", "flex", "priority"]);
  assert.equal(FIELDS.find((f) => f.name === "tokensPerMinute").kind, "number");
});

test("the workspace sends the tier with every request and the quota with live ones; neither when unset", () => {
  const plain = defaultSettings();
  assert.ok(!("serviceTier" in offlineRequest(plain)));
  assert.ok(!("tokensPerMinute" in liveRequest(plain, LONG_LIVED, 10)));
  const s = settings({ modelId: "openai.gpt-oss-120b-1:0", serviceTier: "flex", tokensPerMinute: 400000 });
  assert.equal(offlineRequest(s).serviceTier, "flex", "the estimate follows the tier");
  assert.ok(!("tokensPerMinute" in offlineRequest(s)), "the quota changes no answer and no estimate");
  const live = liveRequest(s, LONG_LIVED, 10);
  assert.equal(live.serviceTier, "flex");
  assert.equal(live.tokensPerMinute, 400000);
  // What the page builds is what the core accepts.
  assert.equal(labeler.checkRequest({ ...live, texts: ["x"] }), null);
  const estimate = labeler.estimate({ ...offlineRequest(s), texts: ["x", "y"] });
  assert.equal(estimate.serviceTier, "flex");
});

test("a tier the model does not offer, or a bad quota, points at its input", () => {
  const claude = settings({ modelId: "global.anthropic.claude-haiku-4-5-20251001-v1:0", serviceTier: "flex" });
  const problem = labeler.checkRequest({ ...liveRequest(claude, LONG_LIVED, 1), texts: ["x"] });
  assert.equal(problem?.field, "serviceTier", JSON.stringify(problem));
  assert.equal(inputForError(problem), "service-tier");
  const quota = labeler.checkRequest({ ...liveRequest(settings({ tokensPerMinute: 0 }), LONG_LIVED, 1), texts: ["x"] });
  assert.equal(quota?.field, "tokensPerMinute", JSON.stringify(quota));
  assert.equal(inputForError(quota), "tokens-per-minute");
});
