// The JavaScript SigV4 signers the signing-rate measurement runs in the page: aws4fetch's
// AwsV4Signer (WebCrypto), and @smithy/signature-v4 (the AWS SDK's signer) with each of the
// SDK's two browser SHA-256 implementations: WebCrypto (its default) and pure JS.
export { AwsV4Signer } from "aws4fetch";
export { SignatureV4 } from "@smithy/signature-v4";
export { Sha256WebCrypto, Sha256Js } from "@smithy/core/checksum";
