// Span offsets between the page's unit and the interchange formats'. The extension and the core
// count UTF-16 code units (JavaScript string indices); Label Studio, Argilla, Prodigy and spaCy
// count Unicode code points (Python string indices). "a😀b": "b" is [3, 4) here, [2, 3) there.
// Every offset after an astral character (emoji, many CJK extension characters) differs by one
// per such character; "\r\n" counts two in both.

/** The code-point offset of UTF-16 offset `u` in `text` (an offset inside a surrogate pair rounds down). */
export function toCodePoints(text, u) {
  let cp = 0;
  for (let i = 0; i < u && i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low one is one code point: count it at the low one.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        if (i + 1 >= u) break;
        i++;
      }
    }
    cp++;
  }
  return cp;
}

/** The UTF-16 offset of code-point offset `cp` in `text` (past the end: the end). */
export function toUtf16(text, cp) {
  let i = 0;
  for (let n = 0; n < cp && i < text.length; n++) i += text.codePointAt(i) > 0xffff ? 2 : 1;
  return i;
}

/** A span with UTF-16 offsets as the formats write it (code points), `text` from the text itself. */
export function spanOut(text, s) {
  return { start: toCodePoints(text, s.start), end: toCodePoints(text, s.end), text: text.slice(s.start, s.end), label: s.label };
}

/**
 * A span read from a format (code points) in UTF-16 offsets, or null when its offsets do not fit
 * the text. The offsets are the truth, a `text` given with it only a hint (Label Studio's may
 * have its spaces collapsed): `mismatch` says when it differs from the text at those offsets.
 */
export function spanIn(text, { start, end, label, text: hint }) {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start) return null;
  const s = toUtf16(text, start);
  const e = toUtf16(text, end);
  if (toCodePoints(text, e) !== end) return null; // past the end of the text
  const span = { start: s, end: e, label, text: text.slice(s, e) };
  if (typeof hint === "string" && hint !== span.text) span.mismatch = hint;
  return span;
}
