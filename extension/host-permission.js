// Least privilege: the extension is installed with access to no AWS host at all. The Bedrock
// host of a region is in manifest.json's optional_host_permissions and is asked for the first
// time that region is used, from the click on "Predict labels" (Chrome only shows the prompt
// during a user gesture; a host already granted, such as the emulator's in the development
// build, is answered at once without one).
//
// Which host a call goes to, and so which permission to ask for, is decided in one place: the
// core (crates/labeler-core/src/endpoint.rs), through the wasm's synchronous `endpointFor`, the
// same function predictLabels uses. This module never reads the URL itself, and fails closed:
// anything but a host pattern from the core is an error, never "no permission needed".

/**
 * The host permission a call with `region` and the endpoint override `endpoint` needs:
 * `{ ok: true, pattern }`, or `{ ok: false, error: { code, message } }` when the core refuses the
 * endpoint (or region) or cannot be asked. `endpointFor` is the wasm export of that name (either
 * package). Synchronous, so it can run inside a click before the permission request.
 */
export function hostPermissionFor(endpointFor, region, endpoint) {
  let answer;
  try {
    answer = endpointFor(region, endpoint ?? null);
  } catch {
    answer = null;
  }
  if (answer?.ok === true && typeof answer.hostPattern === "string" && answer.hostPattern !== "") {
    return { ok: true, pattern: answer.hostPattern };
  }
  if (answer?.ok === false && typeof answer.error?.code === "string") return { ok: false, error: answer.error };
  return { ok: false, error: { code: "InvalidInput", message: "endpoint: could not be checked, so nothing was sent. Reload the page and try again." } };
}

/**
 * Checks the endpoint with the core, then asks Chrome for its host. Call it synchronously from a
 * click or key handler, before any `await`: Chrome is asked before this function first waits.
 * Resolves `{ ok: true }` or `{ ok: false, error }`; when the core refuses, Chrome is not asked.
 */
export function askForHost(endpointFor, region, endpoint, permissions = globalThis.chrome?.permissions) {
  const needed = hostPermissionFor(endpointFor, region, endpoint);
  if (!needed.ok) return Promise.resolve(needed);
  return requestHostPermission(needed.pattern, permissions);
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
          ? `This extension may only call Bedrock Runtime hosts (bedrock-runtime.<region>.amazonaws.com, the FIPS hosts) and, in the development build, the local emulator; ${host} is not one of them, so nothing was sent. Check the endpoint under Advanced.`
          : `Chrome did not ask for access to ${host} (${e?.message ?? e}), so nothing was sent. Click Predict labels to try again.`,
      },
    };
  }
  if (granted === true) return { ok: true };
  return {
    ok: false,
    error: {
      code: "PermissionDenied",
      message: `Access to ${host} was not allowed, so nothing was sent. The extension needs it to call Bedrock in this region: click Predict labels again and choose Allow.`,
    },
  };
}
