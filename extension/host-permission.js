// Least privilege: the extension is installed with access to no AWS host at all. The Bedrock
// host of a region is in manifest.json's optional_host_permissions and is asked for the first
// time that region is used, from the click on "Predict labels" (Chrome only shows the prompt
// during a user gesture). The emulator's local hosts are granted at install.

/** Hosts reached without asking (host_permissions in manifest.json): the local emulator. */
const INSTALL_TIME_HOSTS = new Set(["127.0.0.1", "localhost"]);

/** The Bedrock Runtime URL requests go to: the endpoint override, or the region's host. */
export function bedrockUrl(region, endpoint) {
  return new URL(endpoint?.trim() || `https://bedrock-runtime.${region}.amazonaws.com`);
}

/**
 * The match pattern to ask for before calling `region` (or `endpoint`), or null when no
 * prompt is needed (local emulator hosts). Patterns carry no port: Chrome ignores it.
 */
export function hostPatternFor(region, endpoint) {
  let url;
  try {
    url = bedrockUrl(region, endpoint);
  } catch {
    return null; // not a URL: predictLabels names the endpoint field
  }
  if (url.protocol === "http:" && INSTALL_TIME_HOSTS.has(url.hostname)) return null;
  return `${url.protocol}//${url.hostname}/*`;
}

/**
 * Asks Chrome for `pattern`. Must be called synchronously from a click or key handler, before
 * any `await`. Resolves `{ ok: true }`, or `{ ok: false, error: { code, message } }` when the
 * user refused or Chrome would not ask. Already granted: resolves at once, without a prompt.
 */
export async function requestHostPermission(pattern, permissions = globalThis.chrome?.permissions) {
  const host = pattern.replace(/^[a-z]+:\/\//, "").replace(/\/\*$/, "");
  let granted;
  try {
    granted = await permissions.request({ origins: [pattern] });
  } catch (e) {
    const notListed = /manifest/i.test(String(e?.message));
    return {
      ok: false,
      error: {
        code: "PermissionDenied",
        message: notListed
          ? `This extension may only call Bedrock Runtime hosts (bedrock-runtime.<region>.amazonaws.com, the FIPS hosts) and the local emulator; ${host} is not one of them, so nothing was sent. Check the endpoint under Advanced.`
          : `Chrome did not ask for access to ${host} (${e?.message ?? e}), so nothing was sent. Click Predict labels to try again.`,
      },
    };
  }
  if (granted) return { ok: true };
  return {
    ok: false,
    error: {
      code: "PermissionDenied",
      message: `Access to ${host} was not allowed, so nothing was sent. The extension needs it to call Bedrock in this region: click Predict labels again and choose Allow.`,
    },
  };
}
