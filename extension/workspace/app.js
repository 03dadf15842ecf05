// The page's state and its one redraw. Controllers (project, run, review, io) change the state
// and call app.refresh(); draw() renders every part from it in the next animation frame.
import { RunStats } from "./stats.js";
import { loadPrices } from "./prices.js";
import { rowModel, forOrder } from "./rows-model.js";
import { rowOrder } from "./order.js";
import { draw } from "./draw.js";

export function createApp({ doc, labeler, store, credentials, refusals }) {
  const app = {
    doc, labeler, store, credentials, refusals,
    $: (id) => doc.getElementById(id),
    prices: loadPrices(),
    projects: [],
    project: null,
    rows: [],
    extras: new Map(),
    runs: [],
    run: null,
    preds: new Map(),
    review: null,
    runner: null,
    stats: new RunStats(0),
    view: { filter: "all", search: "", lowFirst: false, order: [], cursor: 0, open: false, help: false, tab: "setup" },
    metricsDue: true,
  };

  /** The predictions of `run` ([pass 0, pass 1] Maps), loaded or empty. */
  app.predsOf = (run) => (run && app.preds.get(run.id)) || [new Map(), new Map()];
  app.textColumn = () => app.run?.settings.textColumn ?? app.project?.settings.textColumn ?? 0;
  app.text = (i) => app.rows[i]?.[app.textColumn()] ?? "";
  app.task = () => app.project?.settings.task ?? "single";
  app.labels = () => app.project?.settings.labels ?? [];
  app.row = () => rowModel({ task: app.task(), text: app.text, predictions: app.predsOf(app.run), review: app.review });

  /** Recomputes which rows the review shows, keeping the cursor on the same row if it is still shown. */
  app.reorder = () => {
    const v = app.view;
    const at = v.order[v.cursor];
    v.order = app.project ? rowOrder(app.rows.length, forOrder(app.row()), v) : [];
    const k = at == null ? -1 : v.order.indexOf(at);
    v.cursor = k >= 0 ? k : Math.min(v.cursor, Math.max(0, v.order.length - 1));
    app.orderVersion = (app.orderVersion ?? 0) + 1;
    app.metricsDue = true;
  };

  let frame = 0;
  app.refresh = () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      draw(app);
    });
  };
  // The runner's changes (answers saved, usage) arrive many times a second on a fast endpoint:
  // drawn at most every 250 ms, so a large run does not restyle the page every frame.
  let soon = 0;
  app.refreshSoon = () => {
    if (soon) return;
    soon = setTimeout(() => {
      soon = 0;
      app.refresh();
    }, 250);
  };
  return app;
}
