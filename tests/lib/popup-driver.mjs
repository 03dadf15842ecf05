// Drives the popup like a user: fill fields, click Predict labels, read rows. Shared by the
// Chromium tests and the demo.

export async function fillPopup(page, { credentials, region, modelId, labels, texts, endpoint, instructions, temperature }) {
  await page.fill("#access-key-id", credentials.accessKeyId);
  await page.fill("#secret-access-key", credentials.secretAccessKey);
  await page.fill("#session-token", credentials.sessionToken ?? "");
  if (region) await page.selectOption("#region", region);
  if (modelId) await page.fill("#model-id", modelId);
  if (labels) await page.fill("#labels", Array.isArray(labels) ? labels.join(", ") : labels);
  if (texts) await page.fill("#texts", Array.isArray(texts) ? texts.join("\n") : texts);
  if (endpoint !== undefined || instructions !== undefined || temperature !== undefined) {
    const details = page.locator("details.advanced");
    if (!(await details.evaluate((d) => d.open))) await page.click("details.advanced summary");
    if (endpoint !== undefined) await page.fill("#endpoint", endpoint);
    if (instructions !== undefined) await page.fill("#instructions", instructions);
    if (temperature !== undefined) await page.fill("#temperature", String(temperature));
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
      error: li.dataset.status === "failed" ? li.querySelector(".labels").textContent : null,
    })),
  );
}
