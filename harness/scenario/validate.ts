import { basename } from "node:path";
import { layoutFor, type ClusterLayout } from "../kind/layout.js";
import { MILESTONE_BUDGET_FIELDS } from "../verify/milestones.js";
import { damageSymptoms, expectationsFor, isDefinedScenario, topologiesOf, type Expectations, type ScenarioDefinition } from "./define.js";

export const SCENARIO_SUFFIX = ".scenario.ts";
const NAME = /^[a-z][a-z0-9-]{2,39}$/;

const isInt = (v: unknown, min: number, max: number) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const isText = (v: unknown) => typeof v === "string" && v.trim() !== "";

/**
 * validateScenario lists what is wrong with a scenario module's default export (empty
 * when it is valid). It also plans breakage and recovery once, so a plan that throws
 * fails at load time, not halfway through a drill.
 */
export function validateScenario(value: unknown, file: string): string[] {
  if (!isDefinedScenario(value)) return ["the default export must be `defineScenario({...})`"];
  const problems: string[] = [];
  const s = value;
  if (typeof s.name !== "string" || !NAME.test(s.name)) problems.push(`name must be kebab-case, 3-40 characters (got ${JSON.stringify(s.name)})`);
  else if (basename(file) !== `${s.name}${SCENARIO_SUFFIX}`) problems.push(`file must be named ${s.name}${SCENARIO_SUFFIX} to match name "${s.name}"`);
  if (!isText(s.breaks)) problems.push("breaks must say what the drill breaks");
  if (!isText(s.why)) problems.push("why must say why the drill matters");
  const topologies = topologiesOf(s);
  if (topologies.length === 0 || !topologies.every((t) => isInt(t?.controlPlanes, 1, 5) && isInt(t?.workers, 0, 10))) {
    problems.push("topology needs controlPlanes 1-5 and workers 0-10 (or a non-empty list of such)");
    return problems;
  }
  for (const topology of topologies) {
    const layout = layoutFor(`kubedrill-validate-${s.name}`, topology, "/dev/null");
    const at = topologies.length > 1 ? ` (on ${topology.controlPlanes}cp+${topology.workers}w)` : "";
    problems.push(...planProblems(s, layout).map((p) => `${p}${at}`));
  }
  return [...new Set(problems)];
}

/**
 * planProblems lists what keeps a scenario from running on one layout: a topology the
 * sentinels cannot use, a plan or expectations that throw or are malformed, a breakage
 * nothing could confirm. Also used for the topology a run actually asks for.
 */
export function planProblems(s: ScenarioDefinition, layout: ClusterLayout): string[] {
  const problems = layout.controlPlanes.length > 1 && layout.workers.length === 0 ? ["several control planes need a worker: control planes are tainted, and the sentinels need a node"] : [];
  problems.push(...checkPlans(s, layout));
  try {
    const expectations = expectationsFor(s, layout);
    problems.push(...checkExpectations(expectations));
    if (expectations.dataLoss === "since-prepare" && typeof s.prepare !== "function") problems.push('expectations.dataLoss "since-prepare" needs a `prepare` (the backup the restore goes back to)');
  } catch (error) {
    problems.push(`expectations threw: ${(error as Error).message}`);
  }
  return problems;
}

function checkPlans(s: ScenarioDefinition, layout: ClusterLayout): string[] {
  const problems: string[] = [];
  const attempt = <T>(what: string, fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (error) {
      problems.push(`${what} threw: ${(error as Error).message}`);
      return undefined;
    }
  };
  if (typeof s.breakage !== "function" || typeof s.recovery !== "function") return ["breakage and recovery must be functions of the cluster layout"];
  for (const hook of ["symptoms", "prepare", "checks"] as const) {
    if (s[hook] !== undefined && typeof s[hook] !== "function") problems.push(`${hook} must be a function of the cluster layout`);
  }
  const prepared = typeof s.prepare === "function" ? attempt("prepare", () => s.prepare!(layout)) : [];
  if (prepared && !(Array.isArray(prepared) && prepared.every((op) => typeof op?.run === "function"))) problems.push("prepare must return operations from the kit (execOn, shellOn, ...)");
  const checks = typeof s.checks === "function" ? attempt("checks", () => s.checks!(layout)) : [];
  if (checks && !(Array.isArray(checks) && checks.every((c) => isText(c?.name) && typeof c?.run === "function"))) problems.push("checks must return { name, run(ctx) } objects");
  const breakage = attempt("breakage", () => s.breakage(layout));
  if (breakage && (!Array.isArray(breakage) || breakage.length === 0)) problems.push("breakage must return at least one operation");
  else if (breakage && !breakage.every((op) => typeof op?.run === "function")) problems.push("breakage operations must come from the kit (execOn, shellOn, stopComponents, ...)");
  else if (breakage) {
    const symptoms = attempt("symptoms", () => damageSymptoms(s, layout));
    if (symptoms && symptoms.length === 0) problems.push("nothing would confirm the damage: list the paths the breakage changes in `touches`, or declare `symptoms`");
  }
  const steps = attempt("recovery", () => s.recovery(layout));
  if (!steps) return problems;
  if (!Array.isArray(steps) || steps.length === 0) return [...problems, "recovery must return at least one step"];
  const seen = new Set<string>();
  for (const step of steps) {
    if (typeof step?.plan !== "function" || !isText(step.name)) {
      problems.push("recovery steps must come from recovery/ (recoveryStep(name, summary, plan))");
      continue;
    }
    if (seen.has(step.name)) problems.push(`recovery step "${step.name}" appears twice`);
    seen.add(step.name);
    attempt(`recovery step "${step.name}"`, () => step.plan(layout));
  }
  return problems;
}

function checkExpectations(e: Expectations | undefined): string[] {
  if (typeof e !== "object" || e === null) return ["expectations are missing"];
  const problems: string[] = [];
  if (typeof e.caRotated !== "boolean") problems.push("expectations.caRotated must be true or false");
  if (e.preDrillToken !== "valid" && e.preDrillToken !== "invalid") problems.push('expectations.preDrillToken must be "valid" or "invalid"');
  if (typeof e.workloadsKeepPods !== "boolean") problems.push("expectations.workloadsKeepPods must be true or false");
  if (e.sentinelRestarts !== undefined && !isInt(e.sentinelRestarts, 0, 100)) problems.push("expectations.sentinelRestarts must be a whole number");
  if (e.dataLoss !== undefined && e.dataLoss !== "none" && e.dataLoss !== "since-prepare") problems.push('expectations.dataLoss must be "none" or "since-prepare"');
  const ratio = e.availability?.minSuccessRatio;
  if (typeof ratio !== "number" || ratio < 0 || ratio > 1) problems.push("expectations.availability.minSuccessRatio must be between 0 and 1");
  if (!(Number(e.availability?.maxGapSeconds) > 0)) problems.push("expectations.availability.maxGapSeconds must be a positive number");
  if (!(Number(e.budget?.recoverySeconds) > 0)) problems.push("expectations.budget.recoverySeconds must be a positive number");
  for (const field of Object.values(MILESTONE_BUDGET_FIELDS)) {
    const value = e.budget?.[field];
    if (value !== undefined && !(Number(value) > 0)) problems.push(`expectations.budget.${field} must be a positive number when given`);
  }
  return problems;
}
