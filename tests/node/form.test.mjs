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

test("texts: items separated by a blank line keep their line breaks", () => {
  const text = "First paragraph,\nsecond line of it.\r\n\r\nSecond item\n  \t\n\n\nThird\nitem\n\n";
  assert.deepEqual(parseTexts(text, "blank"), ["First paragraph,\nsecond line of it.", "Second item", "Third\nitem"]);
  // One line per item is the default, and the same text is then five items.
  assert.deepEqual(parseTexts(text), parseTexts(text, "line"));
  assert.equal(parseTexts(text).length, 5);
  assert.deepEqual(parseTexts("\n\n  \n", "blank"), []);
  assert.deepEqual(parseTexts("  indented\n  still one item", "blank"), ["  indented\n  still one item"]);
  // An unknown mode reads as one item per line, never as nothing.
  assert.deepEqual(parseTexts("a\nb", "paragraphs?"), ["a", "b"]);
});

test("InvalidInput messages point at the right input", () => {
  assert.equal(inputForError("labels[2]: is empty"), "labels");
  assert.equal(inputForError("credentials.secretAccessKey: is required"), "secret-access-key");
  assert.equal(inputForError("region: \"x\" is not a region code"), "region");
  assert.equal(inputForError("Something else"), null);
});

test("InvalidInput errors point at the input of their field (the message only when there is no field)", () => {
  assert.equal(inputForError({ code: "InvalidInput", message: "labels[2]: is empty", field: "labels[2]" }), "labels");
  assert.equal(inputForError({ code: "InvalidInput", message: "x", field: "credentials.sessionToken" }), "session-token");
  assert.equal(inputForError({ code: "InvalidInput", message: "x", field: "credentials.expiration" }), "access-key-id");
  assert.equal(inputForError({ code: "InvalidInput", message: "labels[1].name: is required", field: "labels[1].name" }), "labels");
  assert.equal(inputForError({ code: "InvalidInput", message: "e", field: "examples[0].labels[1]" }), null);
  // An error made by the extension's own scripts has no field: its message is read.
  assert.equal(inputForError({ code: "InvalidInput", message: "texts: expected a list of texts" }), "texts");
  assert.equal(inputForError(null), null);
});
