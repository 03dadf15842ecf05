// A stand-in for the parts of chrome.* the extension's modules use, for Node tests: storage
// areas (session, local) whose writes are logged and reported to every onChanged listener
// asynchronously, as Chrome does, and runtime messaging between "pages".

/** `{ session, local, onChanged, writes }`: `writes` logs every set/remove as `{ area, op, key, value }`. */
export function fakeStorage() {
  const listeners = new Set();
  const writes = [];
  const notify = (changes, area) => {
    if (Object.keys(changes).length === 0) return;
    // Chrome reports a change after the write, never inside the caller's call.
    queueMicrotask(() => listeners.forEach((l) => l(changes, area)));
  };
  const area = (name) => {
    const data = new Map();
    const copy = (v) => (v === undefined ? undefined : structuredClone(v));
    return {
      data,
      async get(keys) {
        const wanted = keys == null ? [...data.keys()] : typeof keys === "string" ? [keys] : Array.isArray(keys) ? keys : Object.keys(keys);
        return Object.fromEntries(wanted.filter((k) => data.has(k)).map((k) => [k, copy(data.get(k))]));
      },
      async set(items) {
        const changes = {};
        for (const [k, v] of Object.entries(items)) {
          changes[k] = { oldValue: copy(data.get(k)), newValue: copy(v) };
          data.set(k, copy(v));
          writes.push({ area: name, op: "set", key: k, value: JSON.stringify(v) });
        }
        notify(changes, name);
      },
      async remove(keys) {
        const changes = {};
        for (const k of Array.isArray(keys) ? keys : [keys]) {
          writes.push({ area: name, op: "remove", key: k });
          if (data.has(k)) changes[k] = { oldValue: copy(data.get(k)) };
          data.delete(k);
        }
        notify(changes, name);
      },
    };
  };
  return {
    session: area("session"),
    local: area("local"),
    onChanged: { addListener: (l) => listeners.add(l), removeListener: (l) => listeners.delete(l) },
    writes,
  };
}

/** Lets queued onChanged events and awaited storage calls run. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
