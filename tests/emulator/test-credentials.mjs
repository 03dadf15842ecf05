// Credentials the emulator knows. Tests and the demo sign with these; nothing here is a real key.
// Three kinds, as a user meets them: an IAM user's long-lived keys, temporary keys from
// `aws sts assume-role` (with a session token), and temporary keys whose token has expired.

export const LONG_LIVED = Object.freeze({
  accessKeyId: "AKIAEMULATORUSER0001",
  secretAccessKey: "emuLongLivedSecretKey/0000000000000000000",
});

export const TEMPORARY = Object.freeze({
  accessKeyId: "ASIAEMULATORROLE0001",
  secretAccessKey: "emuTemporarySecretKey/111111111111111111111",
  sessionToken: "IQoJb3JpZ2luX2VjEmulatorSessionToken/2222222222222222222222222222222222222222==",
});

export const EXPIRED = Object.freeze({
  accessKeyId: "ASIAEMULATOREXPD0001",
  secretAccessKey: "emuExpiredSecretKey/33333333333333333333333",
  sessionToken: "IQoJb3JpZ2luX2VjEmulatorExpiredToken/4444444444444444444444444444444444444444==",
});

/** accessKeyId → { secretAccessKey, sessionToken?, expired? } */
export const KNOWN_KEYS = new Map([
  [LONG_LIVED.accessKeyId, { ...LONG_LIVED }],
  [TEMPORARY.accessKeyId, { ...TEMPORARY }],
  [EXPIRED.accessKeyId, { ...EXPIRED, expired: true }],
]);
