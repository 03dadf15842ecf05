// The Runs tab: the project's history (each run with its settings, status, rows, tokens, cost,
// accuracy and agreement; Review, Rename, Delete), and two runs side by side.
import { el } from "./dom.js";
import { formatCount, formatUsd, formatTokens } from "./stats.js";
import { totalUsage, runCost, doneCount } from "./run-record.js";
import { passesOf } from "./passes.js";
import { labelNames } from "./labels.js";

const pct = (x) => (x == null ? "—" : `${(x * 100).toFixed(1)}%`);

const agreementText = (run) => (run.agreement ? `${run.agreement.low} low · ${run.agreement.agreed} agreed` : passesOf(run.settings).length > 1 ? "…" : "—");

/** `s`: { runs, selectedId, total }. */
export function renderRuns(table, s) {
  const doc = table.ownerDocument;
  table.tBodies[0].replaceChildren(
    ...[...s.runs].reverse().map((run) => {
      const u = totalUsage(run);
      const button = (action, text) => el(doc, "button", { type: "button", text, dataset: { action, id: String(run.id) }, attrs: { "aria-label": `${text} ${run.name}` } });
      return el(doc, "tr", { className: run.id === s.selectedId ? "selected" : "", dataset: { id: String(run.id) } },
        el(doc, "td", {}, el(doc, "strong", { text: run.name }), el(doc, "br"), el(doc, "span", { className: "muted", text: new Date(run.createdAt).toLocaleString("en-GB", { dateStyle: "short", timeStyle: "short" }) })),
        el(doc, "td", { className: "settings-summary", text: run.summary }),
        el(doc, "td", { text: run.status }),
        el(doc, "td", { text: `${formatCount(doneCount(run))} / ${formatCount(s.total)}${run.counts[0].failed ? ` (${run.counts[0].failed} failed)` : ""}` }),
        el(doc, "td", { text: formatTokens(u) }),
        el(doc, "td", { text: formatUsd(runCost(run)) }),
        el(doc, "td", { text: pct(run.accuracy ?? null) }),
        el(doc, "td", { text: agreementText(run) }),
        el(doc, "td", {}, el(doc, "div", { className: "actions" }, button("select", run.id === s.selectedId ? "Reviewing" : "Review"), button("rename", "Rename"), button("delete", "Delete"))),
      );
    }),
  );
}

export function renderCompareChoices(a, b, runs, [idA, idB]) {
  for (const [select, id] of [[a, idA], [b, idB]]) {
    select.replaceChildren(...runs.map((r) => new Option(r.name, String(r.id))));
    select.value = String(id ?? "");
  }
}

/** `s`: { a, b (runs), differ (rows where their answers differ), compared (rows both answered) }. */
export function renderCompare(table, s) {
  const doc = table.ownerDocument;
  if (!s.a || !s.b) return table.tBodies[0].replaceChildren(el(doc, "tr", {}, el(doc, "td", { text: "Two runs are needed." })));
  const line = (name, f) => el(doc, "tr", {}, el(doc, "th", { scope: "row", text: name }), el(doc, "td", { text: f(s.a) }), el(doc, "td", { text: f(s.b) }));
  const u = (r) => totalUsage(r);
  table.tBodies[0].replaceChildren(
    el(doc, "tr", {}, el(doc, "th"), el(doc, "th", { scope: "col", text: s.a.name }), el(doc, "th", { scope: "col", text: s.b.name })),
    line("Model", (r) => r.modelVersion ?? r.settings.modelId),
    line("Task and labels", (r) => `${r.settings.task}: ${labelNames(r.settings.labels).join(", ")}`),
    line("System prompt", (r) => r.settings.instructions || "(default)"),
    line("User prompt", (r) => r.settings.userPrompt || "(default)"),
    line("Examples", (r) => String(r.settings.examples.length)),
    line("Rows done", (r) => `${formatCount(doneCount(r))} (${r.counts[0].failed} failed)`),
    line("Tokens", (r) => formatTokens(u(r))),
    line("Cost", (r) => formatUsd(runCost(r))),
    line("Accuracy", (r) => pct(r.accuracy ?? null)),
    line("Macro F1", (r) => pct(r.macroF1 ?? null)),
    el(doc, "tr", {}, el(doc, "th", { scope: "row", text: "Rows where they differ" }), el(doc, "td", { colSpan: 2, text: `${formatCount(s.differ)} of ${formatCount(s.compared)} rows both answered` })),
  );
}
