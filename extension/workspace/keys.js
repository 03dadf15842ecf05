// The review loop's keyboard: one table of keys (shown as the shortcut help, too) and the
// action a key press means. Keys typed into a field are the field's, never a shortcut.

export const SHORTCUTS = [
  ["J / ↓", "next row"],
  ["K / ↑", "previous row"],
  ["1–9", "set the nth label (multi-label: switch it on or off; spans: label the selected text)"],
  ["A", "accept the model's answer"],
  ["X", "reject: no label fits"],
  ["Space", "skip to the next row"],
  ["Z", "undo the last decision"],
  ["Enter", "open the row's whole text (Esc closes it)"],
  ["?", "show or hide this help"],
];

const FIELD = /^(INPUT|TEXTAREA|SELECT|BUTTON)$/;

/** The action for a keydown `event`, or null when the key is not a shortcut here. */
export function actionFor(event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  const t = event.target;
  if (t && (FIELD.test(t.tagName ?? "") || t.isContentEditable)) return null;
  const key = event.key;
  if (/^[1-9]$/.test(key)) return { type: "label", n: Number(key) - 1 };
  switch (key.length === 1 ? key.toLowerCase() : key) {
    case "j":
    case "ArrowDown":
      return { type: "move", by: 1 };
    case "k":
    case "ArrowUp":
      return { type: "move", by: -1 };
    case "a":
      return { type: "accept" };
    case "x":
      return { type: "reject" };
    case " ":
      return { type: "skip" };
    case "z":
      return { type: "undo" };
    case "Enter":
      return { type: "open" };
    case "Escape":
      return { type: "close" };
    case "?":
      return { type: "help" };
    default:
      return null;
  }
}
