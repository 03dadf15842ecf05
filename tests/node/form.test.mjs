// The popup's field parsing (pure functions, no browser needed).
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseLabels, parseTexts, inputForError } from "../../extension/form.js";

test("labels: one per line, or comma-separated on one line", () => {
  assert.deepEqual(parseLabels("positive, negative ,neutral"), ["positive", "negative", "neutral"]);
  assert.deepEqual(parseLabels("a, b\nc\n\n"), ["a, b", "c"]);
  assert.deepEqual(parseLabels(" , "), []);
});

test("texts: one item per line, blank lines skipped, CRLF handled", () => {
  assert.deepEqual(parseTexts("one\r\ntwo\n\n  \nthree"), ["one", "two", "three"]);
});

test("InvalidInput messages point at the right input", () => {
  assert.equal(inputForError("labels[2]: is empty"), "labels");
  assert.equal(inputForError("credentials.secretAccessKey: is required"), "secret-access-key");
  assert.equal(inputForError("region: \"x\" is not a region code"), "region");
  assert.equal(inputForError("Something else"), null);
});
