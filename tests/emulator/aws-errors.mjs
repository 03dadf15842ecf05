// Error responses shaped like Bedrock's on the wire: status, `x-amzn-ErrorType: Code:namespace`,
// `x-amzn-RequestId`, and a JSON body with `message` (or `Message` for some front-end errors).
import { randomUUID } from "node:crypto";

const CORAL = "http://internal.amazon.com/coral/com.amazon.coral.service/";
const BEDROCK = "http://internal.amazon.com/coral/com.amazon.bedrock/";

/** code → [HTTP status, namespace, default message] */
export const ERRORS = {
  UnrecognizedClientException: [403, CORAL, "The security token included in the request is invalid."],
  InvalidSignatureException: [403, CORAL, "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."],
  ExpiredTokenException: [403, CORAL, "The security token included in the request is expired"],
  IncompleteSignatureException: [403, CORAL, "Authorization header requires 'Credential' parameter."],
  AccessDeniedException: [403, BEDROCK, "You don't have access to the model with the specified model ID."],
  ValidationException: [400, BEDROCK, "Malformed input request, please reformat your input and try again."],
  ResourceNotFoundException: [404, BEDROCK, "Could not resolve the foundation model from the provided model identifier."],
  ThrottlingException: [429, BEDROCK, "Too many requests, please wait before trying again."],
  ServiceQuotaExceededException: [400, BEDROCK, "Your request exceeded a service quota."],
  ModelTimeoutException: [408, BEDROCK, "Model has timed out in processing the request. Try your request again."],
  ModelErrorException: [424, BEDROCK, "The system encountered an unexpected error during processing. Try your request again."],
  ModelNotReadyException: [429, BEDROCK, "Model is not ready to serve inference requests."],
  ServiceUnavailableException: [503, BEDROCK, "Service Unavailable"],
  InternalServerException: [500, BEDROCK, "The server encountered an internal error."],
};

/** Writes a Bedrock-style error to a Node `ServerResponse`. */
export function sendError(res, code, message, extraHeaders = {}) {
  const [status, namespace, defaultMessage] = ERRORS[code] ?? [400, BEDROCK, "Bad request"];
  const body = JSON.stringify({ message: message ?? defaultMessage });
  res.writeHead(status, {
    "content-type": "application/json",
    "x-amzn-errortype": `${code}:${namespace}`,
    "x-amzn-requestid": randomUUID(),
    "content-length": Buffer.byteLength(body),
    ...extraHeaders,
  });
  res.end(body);
  return status;
}
