// A stand-in for the wasm's predictLabels (and the few exports the workspace's modules call),
// for Node tests of the page's pure modules: it labels like the emulator (labeling-rule.mjs),
// reports progress events as the real one does, honours the abort signal, records every call
// (the request without its credentials) and can be told to answer some texts differently.
import { expectedLabel, expectedLabels, spansInText } from "../emulator/labeling-rule.mjs";
import { createHash } from "node:crypto";

export function fakeLabeler({ override = () => null, delayMs = 0, failWith = null, adapt = [] } = {}) {
  const calls = [];
  const labeler = {
    calls,
    checkRequest() {
      return null;
    },
    cacheKeys(req) {
      return req.texts.map((t) => createHash("sha256").update(JSON.stringify([req.endpoint ?? "", req.region, req.modelId, req.task ?? "single", req.labels, req.reasons ?? false, t])).digest("hex"));
    },
    async predictLabels(req, onProgress = () => {}, signal) {
      const { credentials, ...seen } = req;
      calls.push({ ...seen, hasCredentials: Boolean(credentials?.secretAccessKey) });
      if (failWith) throw failWith;
      const names = req.labels.map((l) => (typeof l === "string" ? l : l.name));
      const predictions = [];
      const usage = { inputTokens: 0, outputTokens: 0, requests: 0, retries: 0 };
      for (const [index, text] of req.texts.entries()) {
        if (signal?.aborted) {
          predictions.push({ index, text, labels: [], status: "failed", error: { code: "Cancelled", message: "cancelled" } });
          continue;
        }
        if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
        const forced = override(text, req);
        const p = { index, text, status: "ok", labels: [] };
        if (req.task === "spans") {
          let from = 0;
          p.spans = spansInText(text, names).map((s) => {
            const start = text.indexOf(s.text, from);
            from = start + s.text.length;
            return { start, end: start + s.text.length, label: s.label, text: s.text };
          });
        } else p.labels = forced ?? (req.task === "multi" ? expectedLabels(text, names) : [expectedLabel(text, names)]);
        if (req.reasons) p.reason = `Because it says ${p.labels[0] ?? "nothing"}.`;
        predictions.push(p);
        Object.assign(usage, { inputTokens: usage.inputTokens + 100, outputTokens: usage.outputTokens + 10, requests: usage.requests + 1 });
        onProgress({ type: "prediction", prediction: p });
        onProgress({ type: "usage", usage: { ...usage } });
      }
      return { predictions, usage, modelId: req.modelId, region: req.region, ...(adapt.length ? { adaptations: adapt, warnings: [{ code: "Adapted", message: `adapted: ${adapt.join(", ")}` }] } : {}) };
    },
  };
  return labeler;
}
