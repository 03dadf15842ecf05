// Drives the popup like a user: fill fields, click Predict labels, read rows. Shared by the
// Chromium tests and the demo.

/** Opens the credentials box if valid keys collapsed it to its one-line summary (as a user clicks Change). */
export async function openCredentials(page) {
  if (await page.isVisible("#creds-change")) await page.click("#creds-change");
}

export async function fillPopup(page, { credentials, region, modelId, task, labels, texts, endpoint, instructions, temperature, batchSize, family, serviceTier }) {
  await openCredentials(page);
  await page.fill("#access-key-id", credentials.accessKeyId);
  await page.fill("#secret-access-key", credentials.secretAccessKey);
  await page.fill("#session-token", credentials.sessionToken ?? "");
  // Keys are stored when the user leaves a field (never per keystroke): move on, as a user does.
  await page.locator("#session-token").blur();
  if (region) await page.selectOption("#region", region);
  if (modelId) await page.fill("#model-id", modelId);
  if (task) await page.selectOption("#task", task);
  if (labels) await page.fill("#labels", Array.isArray(labels) ? labels.join(", ") : labels);
  if (texts) await page.fill("#texts", Array.isArray(texts) ? texts.join("\n") : texts);
  if ([endpoint, instructions, temperature, batchSize, family, serviceTier].some((v) => v !== undefined)) {
    const details = page.locator("details.advanced");
    if (!(await details.evaluate((d) => d.open))) await page.click("details.advanced summary");
    if (endpoint !== undefined) await page.fill("#endpoint", endpoint);
    if (instructions !== undefined) await page.fill("#instructions", instructions);
    if (temperature !== undefined) await page.fill("#temperature", String(temperature));
    if (batchSize !== undefined) await page.fill("#batch-size", String(batchSize));
    if (family !== undefined) await page.selectOption("#family", family);
    if (serviceTier !== undefined) await page.selectOption("#service-tier", serviceTier);
  }
}

/** Clicks Predict labels and waits until the run ends (summary row or error). */
export async function predict(page, { timeout = 30_000 } = {}) {
  await page.click("#predict");
  await page.waitForFunction(
    () => !document.querySelector("#predict").disabled && (document.querySelector("#summary") || !document.querySelector("#error").hidden),
    null,
    { timeout },
  );
}

/** Rows of #results as { index, status, labels, text, error }. */
export async function readRows(page) {
  return page.$$eval("#results li[data-index]", (lis) =>
    lis.map((li) => ({
      index: Number(li.dataset.index),
      status: li.dataset.status ?? "pending",
      text: li.querySelector(".text")?.textContent ?? "",
      labels: [...li.querySelectorAll(".labels .chip")].map((c) => c.textContent),
      spans: [...li.querySelectorAll(".text mark.span")].map((m) => ({ text: m.textContent, label: m.dataset.label })),
      error: li.dataset.status === "failed" ? li.querySelector(".labels").textContent : null,
    })),
  );
}
