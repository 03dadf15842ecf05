// The settings declared once (extension/settings-fields.js), bound to a page's inputs by name:
// read and written the same way in the popup and the workspace. A fake DOM root stands in.
import { test } from "node:test";
import assert from "node:assert/strict";
import { FIELDS, readFields, writeFields, clean, usesAdvanced } from "../../extension/settings-fields.js";
import { DEFAULT_MODEL } from "../../extension/models.js";

/** A root holding inputs for `names` (checkboxes for `checks`), found by [name="…"]. */
function fakeRoot(names, checks = []) {
  const inputs = Object.fromEntries([...names, ...checks].map((n) => [n, { value: "", checked: false }]));
  return { inputs, querySelector: (sel) => inputs[/\[name="(.+)"\]/.exec(sel)?.[1]] ?? null };
}

test("only the fields a page has are read; numbers, choices and trimming as declared", () => {
  const root = fakeRoot(["region", "modelId", "temperature", "task", "batchSize"]);
  Object.assign(root.inputs.region, { value: "eu-west-1" });
  Object.assign(root.inputs.modelId, { value: "  m  " });
  Object.assign(root.inputs.temperature, { value: "0.5" });
  Object.assign(root.inputs.task, { value: "nonsense" });
  assert.deepEqual(readFields(root), { region: "eu-west-1", modelId: "m", temperature: 0.5, task: "single", batchSize: null });
});

test("written values come back as read; bad or missing values become defaults", () => {
  const root = fakeRoot(FIELDS.map((f) => f.name));
  const values = { region: "ap-south-1", modelId: "x", task: "spans", labels: "a\nb", instructions: "Be brief", temperature: 0.2, batchSize: 7, family: "nova", api: "converse", endpoint: "http://127.0.0.1:1", textSplit: "blank", concurrency: 3, retryBudget: 9, serviceTier: "flex", tokensPerMinute: 400000 };
  writeFields(root, values);
  assert.deepEqual(readFields(root), values);
  writeFields(root, { region: "mars-1", modelId: "", temperature: "hot", api: "grpc" });
  const back = readFields(root);
  assert.equal(back.region, "us-east-1");
  assert.equal(back.modelId, DEFAULT_MODEL);
  assert.equal(back.temperature, null);
  assert.equal(back.api, "");
  assert.equal(root.inputs.temperature.value, "", "an empty number field shows nothing");
});

test("checkboxes, and whether advanced settings are in use", () => {
  const field = { name: "stream", kind: "check", default: false };
  const root = fakeRoot([], ["stream"]);
  writeFields(root, { stream: true }, [field]);
  assert.equal(root.inputs.stream.checked, true);
  assert.deepEqual(readFields(root, [field]), { stream: true });
  assert.equal(clean(field, "yes"), false);
  assert.equal(usesAdvanced({ region: "eu-west-1" }), false);
  assert.equal(usesAdvanced({ endpoint: "http://127.0.0.1:1" }), true);
});
