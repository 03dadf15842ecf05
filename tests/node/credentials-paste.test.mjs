// Pasting credentials: the outputs of `aws sts assume-role`, `aws configure export-credentials`
// (JSON and --format env / env-no-export / powershell / windows-cmd) fill all three fields;
// a single value is not mistaken for a set; the expiry countdown.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseCredentialsText, cleanPasted, describeExpiry } from "../../extension/credentials-paste.js";
import { TEMPORARY, LONG_LIVED } from "../emulator/test-credentials.mjs";

const EXPIRES = "2025-01-02T04:04:05+00:00";
const WANT = { accessKeyId: TEMPORARY.accessKeyId, secretAccessKey: TEMPORARY.secretAccessKey, sessionToken: TEMPORARY.sessionToken, expiration: "2025-01-02T04:04:05.000Z" };

// As printed by `aws sts assume-role --role-arn … --role-session-name labeler` (AWS CLI v2).
const ASSUME_ROLE = `{
    "Credentials": {
        "AccessKeyId": "${TEMPORARY.accessKeyId}",
        "SecretAccessKey": "${TEMPORARY.secretAccessKey}",
        "SessionToken": "${TEMPORARY.sessionToken}",
        "Expiration": "${EXPIRES}"
    },
    "AssumedRoleUser": {
        "AssumedRoleId": "AROA3XFRBF535PLBIFPI4:labeler",
        "Arn": "arn:aws:sts::123456789012:assumed-role/labeler/labeler"
    }
}`;

// As printed by `aws configure export-credentials` (the credential_process format).
const EXPORT_JSON = `{
  "Version": 1,
  "AccessKeyId": "${TEMPORARY.accessKeyId}",
  "SecretAccessKey": "${TEMPORARY.secretAccessKey}",
  "SessionToken": "${TEMPORARY.sessionToken}",
  "Expiration": "${EXPIRES}"
}`;

const strip = ({ source, ...rest }) => rest;

test("the whole aws sts assume-role output fills all three fields and the expiry", () => {
  const got = parseCredentialsText(ASSUME_ROLE);
  assert.equal(got.source, "json");
  assert.deepEqual(strip(got), WANT);
});

test("aws configure export-credentials JSON, and a fragment copied without its braces", () => {
  assert.deepEqual(strip(parseCredentialsText(EXPORT_JSON)), WANT);
  const inner = ASSUME_ROLE.split("\n").slice(2, 6).join("\n") + ",";
  assert.deepEqual(strip(parseCredentialsText(inner)), WANT);
});

test("env lines in every --format the CLI prints", () => {
  const forms = {
    env: `export AWS_ACCESS_KEY_ID=${TEMPORARY.accessKeyId}\nexport AWS_SECRET_ACCESS_KEY=${TEMPORARY.secretAccessKey}\nexport AWS_SESSION_TOKEN=${TEMPORARY.sessionToken}\nexport AWS_CREDENTIAL_EXPIRATION=${EXPIRES}\n`,
    "env-no-export": `AWS_ACCESS_KEY_ID=${TEMPORARY.accessKeyId}\r\nAWS_SECRET_ACCESS_KEY=${TEMPORARY.secretAccessKey}\r\nAWS_SESSION_TOKEN=${TEMPORARY.sessionToken}\r\nAWS_CREDENTIAL_EXPIRATION=${EXPIRES}`,
    powershell: `$Env:AWS_ACCESS_KEY_ID="${TEMPORARY.accessKeyId}"\n$Env:AWS_SECRET_ACCESS_KEY="${TEMPORARY.secretAccessKey}"\n$Env:AWS_SESSION_TOKEN="${TEMPORARY.sessionToken}"\n$Env:AWS_CREDENTIAL_EXPIRATION="${EXPIRES}"`,
    "windows-cmd": `set AWS_ACCESS_KEY_ID=${TEMPORARY.accessKeyId}\nset AWS_SECRET_ACCESS_KEY=${TEMPORARY.secretAccessKey}\nset AWS_SESSION_TOKEN=${TEMPORARY.sessionToken}\nset AWS_CREDENTIAL_EXPIRATION=${EXPIRES}`,
  };
  for (const [format, text] of Object.entries(forms)) {
    const got = parseCredentialsText(text);
    assert.equal(got?.source, "lines", format);
    assert.deepEqual(strip(got), WANT, format);
  }
});

test("long-lived keys from ~/.aws/credentials lines: no token, no expiry", () => {
  const text = `[default]\naws_access_key_id = ${LONG_LIVED.accessKeyId}\naws_secret_access_key = ${LONG_LIVED.secretAccessKey}\n`;
  assert.deepEqual(strip(parseCredentialsText(text)), { ...LONG_LIVED });
});

test("SSO get-role-credentials: camelCase names and an epoch-milliseconds expiration", () => {
  const text = JSON.stringify({ roleCredentials: { accessKeyId: TEMPORARY.accessKeyId, secretAccessKey: TEMPORARY.secretAccessKey, sessionToken: TEMPORARY.sessionToken, expiration: Date.parse(EXPIRES) } });
  assert.deepEqual(strip(parseCredentialsText(text)), WANT);
});

test("a single value, or text that is not credentials, is not taken for a set", () => {
  for (const text of [
    TEMPORARY.accessKeyId,
    `"${TEMPORARY.secretAccessKey}",`,
    TEMPORARY.sessionToken,
    "abcDEF=",
    "",
    "   ",
    "{not json",
    '{"Credentials": {"AccessKeyId": "ASIAONLYTHEID0000001"}}',
    "export AWS_REGION=us-east-1",
    "[1, 2, 3]",
  ]) {
    assert.equal(parseCredentialsText(text), null, JSON.stringify(text));
  }
});

test("cleaning: surrounding whitespace, quotes and trailing commas", () => {
  assert.equal(cleanPasted(`  "${TEMPORARY.secretAccessKey}",  `), TEMPORARY.secretAccessKey);
  assert.equal(cleanPasted(`'${TEMPORARY.accessKeyId}'`), TEMPORARY.accessKeyId);
  assert.equal(cleanPasted("\tASIAEMULATORROLE0001\n"), "ASIAEMULATORROLE0001");
  assert.equal(cleanPasted(undefined), "");
  // Inner characters of a key are kept, including `=` and `/`.
  assert.equal(cleanPasted(" a/b+c== "), "a/b+c==");
});

test("expiry countdown: minutes and seconds left, then expired", () => {
  const at = Date.parse(EXPIRES);
  assert.deepEqual(describeExpiry(EXPIRES, at - 59 * 60_000 - 12_000), { expired: false, text: "Temporary keys: expire in 59:12" });
  assert.equal(describeExpiry(EXPIRES, at - 2 * 3600_000 - 5_000).text, "Temporary keys: expire in 2:00:05");
  assert.equal(describeExpiry(EXPIRES, at - 9_000).text, "Temporary keys: expire in 0:09");
  const gone = describeExpiry(EXPIRES, at + 5 * 60_000);
  assert.equal(gone.expired, true);
  assert.match(gone.text, /expired 5 minutes ago.*aws sts assume-role/);
  assert.equal(describeExpiry(EXPIRES, at).expired, true, "at the expiry instant it is already expired");
  assert.match(describeExpiry(EXPIRES, at + 30_000).text, /expired less than a minute ago/);
  assert.match(describeExpiry(EXPIRES, at + 119_000).text, /expired 1 minute ago/);
  assert.equal(describeExpiry(undefined, at), null);
  assert.equal(describeExpiry("not a date", at), null);
});
