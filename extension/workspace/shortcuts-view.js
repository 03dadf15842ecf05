// The shortcut help under the review: always shown as one line; "?" shows it in full.
import { el } from "./dom.js";
import { SHORTCUTS } from "./keys.js";

export function renderShortcuts(root, full) {
  const doc = root.ownerDocument;
  root.classList.toggle("full", full);
  root.replaceChildren(
    el(doc, "ul", {}, ...SHORTCUTS.map(([key, what]) => el(doc, "li", {}, el(doc, "kbd", { text: key }), doc.createTextNode(full ? what : what.split(" (")[0])))),
  );
}
