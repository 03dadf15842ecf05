// A whole project as one JSON file (Export project / Import project): its settings, rows, runs
// with their predictions, and reviews. Settings hold no credential, so neither does the file.
// An imported project gets new ids, so importing a file twice makes two projects.

export const FORMAT = "bedrock-labeler-project";

/** The file's object for `project`, read from `store`. */
export async function projectFile(store, project) {
  const { rows, extras } = await store.projects.rows(project.id, project.rowCount);
  const runs = [];
  for (const run of await store.runs.list(project.id)) runs.push({ run, predictions: await store.runs.predictions(run.id) });
  const reviews = await store.projects.reviews(project.id);
  return { format: FORMAT, version: 1, project, rows, extras: Object.fromEntries(extras), runs, reviews };
}

/** Stores a project file's object as a new project; resolves it. */
export async function importProjectFile(store, file, now = Date.now()) {
  if (file?.format !== FORMAT || !file.project || !Array.isArray(file.rows)) throw { code: "InvalidInput", message: "file: this is not a Bedrock Labeler project file." };
  const id = `p-${now}-${Math.random().toString(36).slice(2, 8)}`;
  const project = { ...file.project, id, name: file.project.name, createdAt: now, updatedAt: now, rowCount: file.rows.length };
  delete project.credentials;
  await store.projects.put(project);
  const extras = [];
  for (const [i, e] of Object.entries(file.extras ?? {})) extras[Number(i)] = e;
  await store.projects.putRows(id, file.rows, 0, () => {}, extras);
  let k = 0;
  const ids = new Map();
  for (const { run, predictions } of file.runs ?? []) {
    const copy = { ...run, id: now + ++k, projectId: id, status: run.status === "running" ? "paused" : run.status };
    const entries = (predictions ?? []).map(({ runId, ...p }) => ({ prediction: p, cacheKey: null }));
    for (let at = 0; at < entries.length || at === 0; at += 5000) await store.runs.savePredictions(copy, entries.slice(at, at + 5000));
    ids.set(run.id, copy.id);
  }
  await store.reviews.putMany(id, (file.reviews ?? []).map(({ projectId, ...r }) => ({ ...r, runId: ids.get(r.runId) ?? null })));
  return project;
}
