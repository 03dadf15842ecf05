// What predictLabels would refuse for `settings` with `credentials`, asked of the core before
// anything is sent or any permission is asked (synchronous: it runs inside the click).
import { liveRequest } from "./settings.js";

export function checkRequestFor(labeler, settings, credentials) {
  const request = { ...liveRequest(settings, credentials, 1), texts: ["x"] };
  return labeler.checkRequest(request);
}
