// The project's tabs (Setup, Review, Runs): a tablist with arrow keys between tabs, as the ARIA
// tabs pattern has it; `onShow(name)` runs when a tab is shown.

export function initTabs(doc, names, onShow) {
  const tab = (n) => doc.getElementById(`tab-${n}`);
  function show(name, focus = false) {
    for (const n of names) {
      const selected = n === name;
      tab(n).setAttribute("aria-selected", String(selected));
      tab(n).tabIndex = selected ? 0 : -1;
      doc.getElementById(`panel-${n}`).hidden = !selected;
    }
    if (focus) tab(name).focus();
    onShow(name);
  }
  for (const [k, n] of names.entries()) {
    tab(n).addEventListener("click", () => show(n));
    tab(n).addEventListener("keydown", (e) => {
      const by = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
      if (!by) return;
      e.preventDefault();
      show(names[(k + by + names.length) % names.length], true);
    });
  }
  return { show, current: () => names.find((n) => tab(n).getAttribute("aria-selected") === "true") };
}
