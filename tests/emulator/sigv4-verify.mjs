// Verifies SigV4 signatures with an implementation independent of ours: @smithy/signature-v4
// (the AWS JS SDK's signer). It re-signs the request exactly as received (wire path, the
// headers listed in SignedHeaders, the body bytes) and compares the Authorization header.
import { SignatureV4, getCanonicalHeaders, getPayloadHash } from "@smithy/signature-v4";
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { KNOWN_KEYS } from "./test-credentials.mjs";

const Sha256 = Hash.bind(null, "sha256");
const AUTH_RE =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/([^,\s]+), ?SignedHeaders=([^,\s]+), ?Signature=([0-9a-f]{64})$/;
const FIVE_MINUTES = 5 * 60 * 1000;

/** Headers our client must sign whenever it sends them. */
export const MUST_SIGN = ["host", "x-amz-date", "content-type", "accept", "x-amzn-bedrock-accept", "x-amz-security-token", "x-amzn-bedrock-service-tier"];

export function parseAmzDate(s) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s ?? "");
  return m ? new Date(Date.UTC(+m[1], m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : null;
}

export function formatAmzDate(ms) {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

const fail = (code, message) => ({ ok: false, code, message });

/**
 * @param {{method: string, path: string, headers: Record<string,string>, body: Buffer, nowMs: number}} req
 *   `headers` with lower-case names as Node gives them; `nowMs` the server's clock.
 * @param {Map<string, {secretAccessKey: string, sessionToken?: string, expired?: boolean}>} [keys]
 *   the keys it knows (the emulator's test keys; the SigV4 vectors' test passes AWS's example keys).
 */
export async function verifySignature({ method, path, headers, body, nowMs }, keys = KNOWN_KEYS) {
  const auth = headers["authorization"];
  if (!auth) return { ok: false, code: "AccessDeniedException", message: "Authorization header is missing", capitalMessage: true };
  const m = AUTH_RE.exec(auth);
  if (!m) return fail("IncompleteSignatureException", `Authorization header is malformed: '${auth.replace(/Signature=\w+/, "Signature=…")}'`);
  const [, accessKeyId, scopeDate, region, service, terminator, signedHeaderList] = m;

  const key = keys.get(accessKeyId);
  if (!key) return fail("UnrecognizedClientException", "The security token included in the request is invalid.");
  if (key.sessionToken && headers["x-amz-security-token"] !== key.sessionToken) {
    return fail("UnrecognizedClientException", "The security token included in the request is invalid.");
  }
  if (!key.sessionToken && headers["x-amz-security-token"]) {
    return fail("UnrecognizedClientException", "The security token included in the request is invalid.");
  }
  if (key.expired) return fail("ExpiredTokenException", "The security token included in the request is expired");
  if (service !== "bedrock") return fail("InvalidSignatureException", "Credential should be scoped to correct service: 'bedrock'.");
  if (terminator !== "aws4_request") {
    return fail("InvalidSignatureException", `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'.`);
  }

  const amzDate = headers["x-amz-date"];
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate) return fail("IncompleteSignatureException", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  if (amzDate.slice(0, 8) !== scopeDate) {
    return fail("InvalidSignatureException", `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`);
  }
  if (signingDate.getTime() < nowMs - FIVE_MINUTES) {
    return fail("InvalidSignatureException", `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(nowMs - FIVE_MINUTES)} (${formatAmzDate(nowMs)} - 5 min.)`);
  }
  if (signingDate.getTime() > nowMs + FIVE_MINUTES) {
    return fail("InvalidSignatureException", `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(nowMs + FIVE_MINUTES)} (${formatAmzDate(nowMs)} + 5 min.)`);
  }

  const signed = new Set(signedHeaderList.split(";"));
  // Stricter than AWS, on purpose: a header we send but do not sign is a bug in our client.
  for (const name of MUST_SIGN) {
    // fetch adds `accept: */*` itself when the client sets no Accept, as for the streaming call
    // (which sends X-Amzn-Bedrock-Accept instead); AWS ignores unsigned headers, so that is fine.
    if (name === "accept" && headers[name] === "*/*" && !signed.has(name)) continue;
    if (headers[name] !== undefined && !signed.has(name)) {
      return fail("InvalidSignatureException", `(emulator) header '${name}' was sent but not signed; SignedHeaders=${signedHeaderList}`);
    }
  }
  for (const name of signed) {
    if (headers[name] === undefined) return fail("InvalidSignatureException", `(emulator) signed header '${name}' was not sent`);
  }

  const toSign = new HttpRequest({
    method,
    protocol: "http:",
    hostname: (headers.host ?? "").split(":")[0],
    path,
    headers: Object.fromEntries([...signed].filter((h) => h !== "x-amz-date" && h !== "x-amz-security-token").map((h) => [h, headers[h]])),
    body,
  });
  const signer = new SignatureV4({
    credentials: { accessKeyId, secretAccessKey: key.secretAccessKey, sessionToken: key.sessionToken },
    region,
    service: "bedrock",
    sha256: Sha256,
    applyChecksum: false,
    uriEscapePath: true,
  });
  const expected = await signer.sign(toSign, { signingDate, signableHeaders: signed });
  if (expected.headers["authorization"] === auth) return { ok: true, accessKeyId, region, temporary: Boolean(key.sessionToken) };

  // Like Bedrock, tell the caller what we computed: the canonical request and string to sign.
  const canonicalHeaders = getCanonicalHeaders(expected, undefined, signed);
  const canonical = signer.createCanonicalRequest(expected, canonicalHeaders, await getPayloadHash(expected, Sha256));
  const stringToSign = await signer.createStringToSign(amzDate, `${scopeDate}/${region}/bedrock/aws4_request`, canonical, "AWS4-HMAC-SHA256");
  return fail(
    "InvalidSignatureException",
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details." +
      `\n\nThe Canonical String for this request should have been\n'${canonical}'\n\nThe String-to-Sign should have been\n'${stringToSign}'\n`,
  );
}
