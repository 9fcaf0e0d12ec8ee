/** What scenario files use to declare the signs of their damage (`symptoms as s` in the kit). */
export { symptom, type Symptom } from "./symptom.js";
export { apiUnavailable, containerReplaced, pathChanged, tokenRejected } from "./symptoms.js";
