/** What scenario files use to declare the signs of their damage (`symptoms as s` in the kit). */
export { symptom, type Symptom } from "./symptom.js";
export { apiCertificateExpired, apiUnavailable, containerReplaced, etcdUnhealthy, pathChanged, recordLost, tokenRejected } from "./symptoms.js";
