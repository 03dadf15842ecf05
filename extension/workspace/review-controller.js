// The review loop: keys (keys.js) and clicks on the table, the pane and the filters. Decisions
// go through Review, which commits each before the row shows it as saved; the cursor moves on
// at once after accept / reject / single-label choices.
import { actionFor } from "./keys.js";
import { selectedOffsets } from "./dom.js";
import { scrollToPos, renderTable } from "./table-view.js";

export function wireReview(app) {
  const { $ } = app;
  const view = app.view; // one object for the page's life (openProject assigns into it)
  const current = () => view.order[view.cursor];
  const model = (i) => app.predsOf(app.run)[0].get(i) ?? null;
  const runId = () => app.run?.id ?? null;

  function move(by) {
    view.cursor = Math.max(0, Math.min(view.order.length - 1, view.cursor + by));
    view.open = false;
    scrollToPos($("table-scroll"), view.cursor);
    app.refresh();
  }

  function label(n) {
    const l = app.labels()[n];
    const i = current();
    if (!l || i == null) return;
    if (app.task() === "spans") {
      const at = selectedOffsets($("pane-text"), app.doc.getSelection());
      if (!at) return;
      app.review.addSpan(i, { ...at, label: l.name, text: app.text(i).slice(at.start, at.end) }, model(i), runId());
      app.doc.getSelection().removeAllRanges();
      return app.refresh();
    }
    app.review.setLabel(i, l.name, model(i), runId());
    if (app.task() === "single") move(1);
    else app.refresh();
  }

  async function act(a) {
    const i = current();
    switch (a.type) {
      case "move":
        return move(a.by);
      case "label":
        return label(a.n);
      case "accept":
        if (i == null || model(i)?.status !== "ok") return;
        app.review.accept(i, model(i), runId());
        return move(1);
      case "reject":
        if (i == null) return;
        app.review.reject(i, runId());
        return move(1);
      case "skip":
        return move(1);
      case "undo": {
        const back = await app.review.undo();
        const k = back == null ? -1 : view.order.indexOf(back);
        if (k >= 0) move(k - view.cursor);
        return app.refresh();
      }
      case "open":
        view.open = !view.open;
        return app.refresh();
      case "close":
        view.open = false;
        return app.refresh();
      case "help":
        view.help = !view.help;
        return app.refresh();
    }
  }

  app.doc.addEventListener("keydown", (e) => {
    if (view.tab !== "review" || !app.project || app.doc.querySelector("dialog[open]")) return;
    const onSpan = e.target?.matches?.("mark.span[role=button]");
    if (onSpan && (e.key === "Delete" || e.key === "Backspace" || e.key === "Enter")) {
      e.preventDefault();
      return removeSpan(e.target);
    }
    const a = actionFor(e);
    if (!a) return;
    e.preventDefault();
    act(a);
  });

  function removeSpan(mark) {
    const i = current();
    const span = { start: Number(mark.dataset.start), end: Number(mark.dataset.end), label: mark.dataset.label };
    app.review.removeSpan(i, span, model(i), runId());
    app.refresh();
  }

  $("pane").addEventListener("click", (e) => {
    const mark = e.target.closest("mark.span[role=button]");
    if (mark) return removeSpan(mark);
    const b = e.target.closest("button[data-action]");
    if (!b) return;
    if (b.dataset.action === "label") return label(app.labels().findIndex((l) => l.name === b.dataset.label));
    act({ type: b.dataset.action === "skip" ? "skip" : b.dataset.action });
  });
  // A span's text is selected with the mouse: keep the selection when the pane redraws.
  $("pane").addEventListener("mousedown", (e) => e.target.closest("button") && e.preventDefault());

  $("table-scroll").addEventListener("click", (e) => {
    const tr = e.target.closest("tr.item");
    if (!tr) return;
    view.cursor = Number(tr.dataset.pos);
    view.open = false;
    app.refresh();
    $("review").focus({ preventScroll: true });
  });
  let scrolling = 0;
  $("table-scroll").addEventListener("scroll", () => {
    if (scrolling) return;
    scrolling = requestAnimationFrame(() => {
      scrolling = 0;
      renderTable($("table-scroll"), { order: view.order, cursor: view.cursor, row: app.row(), labels: app.labels() });
    });
  });

  const refilter = () => {
    view.cursor = 0;
    app.reorder();
    $("table-scroll").scrollTop = 0;
    app.refresh();
  };
  $("filter").addEventListener("change", () => ((view.filter = $("filter").value), refilter()));
  $("low-first").addEventListener("change", () => ((view.lowFirst = $("low-first").checked), refilter()));
  let typing = 0;
  $("search").addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => ((view.search = $("search").value), refilter()), 150);
  });
  $("distribution").addEventListener("click", (e) => {
    const seg = e.target.closest("[data-filter]");
    if (seg) (view.filter = seg.dataset.filter), refilter();
  });
}
