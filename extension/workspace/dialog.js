// Questions the page must ask before it deletes or changes anything the user may want: a modal
// <dialog> with one button per choice; Esc or closing it answers null (nothing happens).

/**
 * Asks; resolves the chosen value, or null. `choices`: [{ value, label, primary? }]. With
 * `input` (a starting text) the dialog has a labelled text field, and resolves { ok, value }
 * (ok: the primary choice was taken, or Enter pressed in the field).
 */
export function ask(doc, { title, text, choices, input }) {
  const dialog = doc.getElementById("ask");
  doc.getElementById("ask-title").textContent = title;
  const body = doc.getElementById("ask-text");
  body.textContent = text;
  let field = null;
  if (input != null) {
    field = Object.assign(doc.createElement("input"), { id: "ask-input", value: input });
    const label = Object.assign(doc.createElement("label"), { htmlFor: "ask-input", textContent: "Name" });
    body.replaceChildren(label, doc.createTextNode(" "), field);
    field.addEventListener("keydown", (e) => {
      if (e.key !== "Enter") return;
      e.preventDefault();
      dialog.returnValue = choices.find((c) => c.primary)?.value ?? "";
      dialog.close();
    });
  }
  const box = doc.getElementById("ask-choices");
  return new Promise((resolve) => {
    const buttons = choices.map((c) => {
      const b = doc.createElement("button");
      b.type = "button";
      b.textContent = c.label;
      b.dataset.value = c.value;
      if (c.primary) b.className = "primary";
      b.addEventListener("click", () => {
        dialog.returnValue = c.value;
        dialog.close();
      });
      return b;
    });
    box.replaceChildren(...buttons);
    dialog.returnValue = "";
    const primary = choices.find((c) => c.primary)?.value;
    dialog.addEventListener("close", () => {
      const value = dialog.returnValue || null;
      resolve(field ? { ok: value != null && value === primary, value: field.value.trim() } : value);
    }, { once: true });
    dialog.showModal();
    if (field) {
      field.focus();
      field.select();
    } else (buttons.find((b) => b.className === "primary") ?? buttons[0])?.focus();
  });
}
