// The popup's texts box survives the popup closing: its text is kept in chrome.storage.session
// (in memory, gone when the browser closes) as it is typed, a moment after the last keystroke.
// Texts are not secret; credentials never go here.

const KEY = "popupDraft";

/** The stored draft `{ texts }`, or null. */
export async function loadDraft(area = globalThis.chrome?.storage?.session) {
  return (await area.get(KEY))[KEY] ?? null;
}

/** `save(draft)` writes `delayMs` after the last call; `flush()` writes a pending draft now. */
export function draftSaver(area = globalThis.chrome?.storage?.session, delayMs = 300) {
  let pending = null;
  let timer = null;
  const flush = () => {
    clearTimeout(timer);
    timer = null;
    if (!pending) return Promise.resolve();
    const draft = pending;
    pending = null;
    return area.set({ [KEY]: draft }).catch(() => {});
  };
  return {
    save(draft) {
      pending = draft;
      clearTimeout(timer);
      timer = setTimeout(flush, delayMs);
    },
    flush,
  };
}
