// What models have refused, remembered until the browser closes (chrome.storage.session), so a
// model that refused `temperature` once is not asked with it again this session: the result's
// `adaptations` are stored per model id and passed back as the request's `adaptations`.
// Nothing secret is stored here (model ids and adaptation names only).

const KEY = "adaptations";

/**
 * A synchronous view of the stored adaptations: the popup must build its request inside the
 * click (Chrome's permission prompt needs the gesture), so reads cannot wait on storage.
 */
export class AdaptationMemory {
  constructor(area = globalThis.chrome?.storage?.session) {
    this.area = area;
    this.byModel = {};
  }

  /** Loads what is stored and follows changes made by other pages (popup, workspace). */
  async load() {
    if (!this.area) return this;
    this.byModel = (await this.area.get(KEY))[KEY] ?? {};
    globalThis.chrome?.storage?.onChanged?.addListener?.((changes, areaName) => {
      if (areaName === "session" && changes[KEY]) this.byModel = changes[KEY].newValue ?? {};
    });
    return this;
  }

  /** The adaptations known for `modelId` (a new array). */
  for(modelId) {
    return [...(this.byModel[modelId] ?? [])];
  }

  /** Adds what a result adapted to; stored only when something is new. */
  async remember(modelId, adaptations) {
    const known = new Set(this.for(modelId));
    const before = known.size;
    for (const a of adaptations ?? []) known.add(a);
    if (known.size === before) return;
    this.byModel = { ...this.byModel, [modelId]: [...known].sort() };
    await this.area?.set({ [KEY]: this.byModel });
  }
}
