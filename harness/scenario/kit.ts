/**
 * Everything a scenario file needs, in one import:
 * `import { defineScenario, execOn, recovery } from "../harness/scenario/kit.js"`.
 */
export { defineScenario } from "./define.js";
export type { Expectations, ScenarioDefinition } from "./define.js";
export { isHighlyAvailable } from "../kind/layout.js";
export { execOn, shellOn, copyBetween, waitOn } from "../ops/node-ops.js";
export { CONTROL_PLANE_COMPONENTS, crictlStop } from "../node/commands.js";
export * as recovery from "../../recovery/index.js";
