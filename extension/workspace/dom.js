// Building DOM nodes from data: every string goes in as text (textContent), never as HTML, so
// model output, file contents and names can never become markup.

/** `el(doc, "td", { className, text, title, dataset, attrs }, ...children)`. */
export function el(doc, tag, props = {}, ...children) {
  const node = doc.createElement(tag);
  const { className, text, title, dataset, attrs, ...rest } = props;
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  if (title) node.title = title;
  for (const [k, v] of Object.entries(dataset ?? {})) node.dataset[k] = v;
  for (const [k, v] of Object.entries(attrs ?? {})) node.setAttribute(k, v);
  Object.assign(node, rest);
  node.append(...children.filter((c) => c != null));
  return node;
}

/** A label chip in the label's colour. */
export function chip(doc, name, color) {
  return el(doc, "span", { className: `chip lc-${color ?? "none"}`, text: name });
}

/** Chips for `names` (colours from `labels`), or a muted dash. */
export function chips(doc, names, labels, empty = "—") {
  const box = el(doc, "span", { className: "chips" });
  if (!names?.length) box.append(el(doc, "span", { className: "muted", text: empty }));
  for (const n of names ?? []) box.append(chip(doc, n, labels.find((l) => l.name === n)?.color));
  return box;
}

/**
 * The text with its spans marked: text nodes and <mark> elements only, offsets in UTF-16 code
 * units (String.prototype.slice). `removable`: marks are buttons (click, Enter or Delete).
 */
export function markedText(doc, text, spans, labels, { removable = false } = {}) {
  const out = el(doc, "div", { className: "text" });
  let at = 0;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    if (s.start < at) continue; // overlapping spans: keep the first
    if (s.start > at) out.append(doc.createTextNode(text.slice(at, s.start)));
    const color = labels.find((l) => l.name === s.label)?.color ?? "none";
    const mark = el(doc, "mark", { className: `span lc-${color}`, text: text.slice(s.start, s.end), title: s.label, dataset: { label: s.label, start: String(s.start), end: String(s.end) } });
    if (removable) {
      mark.tabIndex = 0;
      mark.setAttribute("role", "button");
      mark.setAttribute("aria-label", `Remove span "${text.slice(s.start, s.end)}" (${s.label})`);
    }
    out.append(mark);
    at = s.end;
  }
  if (at < text.length) out.append(doc.createTextNode(text.slice(at)));
  return out;
}

/** The UTF-16 offsets of the current selection inside `container` (a markedText), or null. */
export function selectedOffsets(container, selection) {
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return null;
  // The text from the container's start to a boundary is exactly the text nodes' data before it.
  const upTo = (node, offset) => {
    const r = container.ownerDocument.createRange();
    r.selectNodeContents(container);
    r.setEnd(node, offset);
    return r.toString().length;
  };
  const start = upTo(range.startContainer, range.startOffset);
  const end = upTo(range.endContainer, range.endOffset);
  return end > start ? { start, end } : null;
}
