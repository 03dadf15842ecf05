// The popup's credentials box, collapsed to one line once the keys are valid ("Keys: ASIA…0001 ·
// expires in 52 min · Change"), so the form, and the results below it, fit a 600px popup.
// It collapses when valid keys are restored, pasted, or used for a run; it opens again with
// Change (a button: Enter and Space work), when the keys are forgotten, expire, or an error
// names them. The summary is built from the key id only (credentials-summary.js).

import { summaryText } from "./credentials-summary.js";

/**
 * `panel`: what initCredentialsPanel returns; `isValid(current)`: whether the keys in the
 * fields would pass the core's checks (shape, token, expiry).
 */
export function initCredentialsCollapse(doc, panel, isValid) {
  const $ = (id) => doc.getElementById(id);
  const box = $("creds");
  const body = $("creds-body");
  const summary = $("creds-summary");
  const text = $("creds-summary-text");
  const change = $("creds-change");
  let timer = null;

  const collapsed = () => !summary.hidden;

  function show() {
    const current = panel.current();
    // Keys that stopped being valid (expired while collapsed) open the box with the reason.
    if (!isValid(current)) return expand();
    text.textContent = summaryText(current, Date.now());
  }

  function collapse() {
    if (!isValid(panel.current())) return false;
    const hadFocus = body.contains(doc.activeElement);
    body.hidden = true;
    summary.hidden = false;
    box.classList.add("collapsed");
    change.setAttribute("aria-expanded", "false");
    show();
    timer ??= setInterval(show, 1000);
    // The focused field is hidden now: keep the keyboard user in the box.
    if (hadFocus) change.focus();
    return true;
  }

  function expand({ focus = false } = {}) {
    clearInterval(timer);
    timer = null;
    const wasCollapsed = collapsed();
    body.hidden = false;
    summary.hidden = true;
    box.classList.remove("collapsed");
    change.setAttribute("aria-expanded", "true");
    if (focus && wasCollapsed) $("access-key-id").focus();
  }

  change.addEventListener("click", () => expand({ focus: true }));
  // Filled from a paste or storage: collapse if valid; cleared (Forget): open for new keys.
  panel.onFilled(() => (panel.current().accessKeyId ? collapse() : expand()));
  return { collapse, expand, collapsed };
}
