// The Dataset panel: which column is the text and which (if any) the gold labels, and the
// first rows of the file, so the columns can be checked at a glance.
import { el } from "./dom.js";
import { formatCount } from "./stats.js";

/** `state`: { project, rows, locked (a run exists: the text column is the run's) }. */
export function renderDataset(root, { project, rows, locked }) {
  const doc = root.ownerDocument;
  const cols = project.columns;
  const text = root.querySelector("#text-column");
  const gold = root.querySelector("#gold-column");
  if (text.options.length !== cols.length || [...text.options].some((o, j) => o.textContent !== cols[j])) {
    text.replaceChildren(...cols.map((c, j) => new Option(c, String(j))));
    gold.replaceChildren(new Option("None", ""), ...cols.map((c, j) => new Option(c, String(j))), new Option("Reviewed labels", "reviews"));
  }
  text.value = String(project.settings.textColumn);
  gold.value = project.goldColumn == null ? "" : String(project.goldColumn);
  text.title = locked ? "Changing it starts a new run; finished runs keep theirs." : "";
  root.querySelector("#dataset-info").textContent = `${project.fileName}: ${formatCount(project.rowCount)} rows, ${cols.length} columns${project.format ? ` (${project.format})` : ""}.`;
  const head = el(doc, "tr", {}, ...cols.map((c) => el(doc, "th", { scope: "col", text: c })));
  root.querySelector("#preview").tHead.replaceChildren(head);
  root.querySelector("#preview").tBodies[0].replaceChildren(
    ...rows.slice(0, 5).map((cells) => el(doc, "tr", {}, ...cols.map((_, j) => el(doc, "td", { text: cells[j] ?? "", title: cells[j] ?? "" })))),
  );
  root.querySelector("#preview-wrap").hidden = false;
}
