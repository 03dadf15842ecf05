// The first screen: the projects, each with Open, Rename, Export and Delete buttons (the
// buttons carry data-action and data-id; the page handles them).
import { el } from "./dom.js";
import { formatCount } from "./stats.js";

const TASKS = { single: "single label", multi: "multi-label", spans: "spans" };

export function renderProjects(root, projects) {
  const doc = root.ownerDocument;
  const tbody = root.querySelector("#projects tbody");
  root.querySelector("#no-projects").hidden = projects.length > 0;
  root.querySelector("#projects").hidden = projects.length === 0;
  tbody.replaceChildren(
    ...projects.map((p) => {
      const button = (action, text, label) => el(doc, "button", { type: "button", text, dataset: { action, id: p.id }, attrs: { "aria-label": `${label} ${p.name}` }, className: action === "open" ? "open" : "" });
      return el(
        doc,
        "tr",
        { dataset: { id: p.id } },
        el(doc, "td", {}, button("open", p.name, "Open")),
        el(doc, "td", { text: formatCount(p.rowCount) }),
        el(doc, "td", { text: TASKS[p.settings?.task] ?? "" }),
        el(doc, "td", { text: new Date(p.updatedAt).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" }) }),
        el(doc, "td", {}, el(doc, "div", { className: "actions" }, button("rename", "Rename", "Rename"), button("export", "Export", "Export"), button("delete", "Delete", "Delete"))),
      );
    }),
  );
}
