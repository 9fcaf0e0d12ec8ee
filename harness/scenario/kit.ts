/**
 * Everything a scenario file needs, in one import:
 * `import { defineScenario, execOn, recovery as r, symptoms as s } from "../harness/scenario/kit.js"`.
 */
export { defineScenario } from "./define.js";
export type { Budget, CheckContext, CustomCheck, Expectations, ScenarioDefinition } from "./define.js";
export { isHighlyAvailable } from "../kind/layout.js";
export type { ClusterLayout } from "../kind/layout.js";
export { execOn, shellOn, copyBetween, waitOn, stopComponents } from "../ops/node-ops.js";
export { CONTROL_PLANE_COMPONENTS } from "../node/commands.js";
export { KUBECTL, kubectl } from "../../recovery/kubectl.js";
export { certificatesValidFor } from "../verify/certificates.js";
export * as recovery from "../../recovery/index.js";
export * as symptoms from "../damage/index.js";
