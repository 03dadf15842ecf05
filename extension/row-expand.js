// A result row shows its text cut to three lines (popup.css); a row whose text is cut gets a
// "More" button (Enter and Space work, as on any button) that shows all of it, and "Less" to cut
// it again. A click on the text does the same, for the mouse. Rows that fit get no button.

/** Adds or removes the row's toggle to match whether its text is cut. Call after rendering. */
export function fitRow(li) {
  const text = li.querySelector(":scope > .body > .text");
  if (!text) return;
  const button = li.querySelector(":scope > .body > button.more");
  const expanded = li.classList.contains("expanded");
  // Measured cut: the text is taller than the three lines it is shown in.
  const cut = expanded || text.scrollHeight > text.clientHeight + 1;
  if (!cut) return button?.remove();
  if (button) return;
  const doc = li.ownerDocument;
  text.id ||= `row-text-${li.dataset.index}`;
  const toggle = doc.createElement("button");
  toggle.type = "button";
  toggle.className = "more link";
  toggle.setAttribute("aria-controls", text.id);
  setExpanded(li, toggle, expanded);
  text.after(toggle);
}

function setExpanded(li, button, expanded) {
  li.classList.toggle("expanded", expanded);
  button.setAttribute("aria-expanded", String(expanded));
  button.textContent = expanded ? "Less" : "More";
}

/** One listener for the whole list: rows come and go as a run fills in. */
export function enableRowExpand(list) {
  list.addEventListener("click", (event) => {
    const li = event.target.closest("li[data-index]");
    const button = li?.querySelector(":scope > .body > button.more");
    if (!button) return;
    const onText = event.target.closest(".text") && !event.target.closest("button");
    if (event.target !== button && !onText) return;
    // Selecting text with the mouse is not a click to expand.
    if (onText && String(li.ownerDocument.getSelection?.() ?? "").length > 0) return;
    setExpanded(li, button, !li.classList.contains("expanded"));
  });
}
