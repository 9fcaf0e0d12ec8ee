import { DrillError } from "../errors.js";
import type { RunState } from "../run-state.js";
import { DamagedFile, readJsonFile, writeJsonAtomic } from "../state-file.js";
import type { Toolchain } from "../toolchain.js";
import type { PlannedDrill } from "./drills.js";
import { runPlanSchema } from "./plan-schema.js";

/** Timeouts for everything in a drill that can hang. */
export interface DrillTimeouts {
  /** `kind create cluster`. */
  createMs: number;
  /** One command inside a node. */
  commandMs: number;
  /** Each wait: a recovery wait step, nodes Ready after create, sentinels ready. */
  readyMs: number;
  /** How long the damage has to show after the breakage before the drill fails as "breakage had no effect". */
  damageMs: number;
  /** How long failing checks are retried while the cluster settles. */
  settleMs: number;
  imageLoadMs: number;
}

export const DEFAULT_TIMEOUTS: DrillTimeouts = {
  createMs: 600_000,
  commandMs: 180_000,
  readyMs: 300_000,
  damageMs: 120_000,
  settleMs: 90_000,
  imageLoadMs: 300_000,
};

/** RunPlan is what the CLI hands to the drill process (mocha): one run, fully decided. */
export interface RunPlan {
  runId: string;
  /** KUBEDRILL_CACHE: holds the run's state directory. */
  stateRoot: string;
  /** Where the run's reports go (reports/out, or KUBEDRILL_OUT). */
  outDir: string;
  /** Every drill of the run, each a scenario on its effective topology. */
  drills: PlannedDrill[];
  toolchain: Toolchain;
  keepCluster: boolean;
  /** Stop once the damage is confirmed and keep the broken cluster, to follow the runbook by hand. */
  breakOnly: boolean;
  keepOnFailure: boolean;
  /** A time to recovery well above the drill's recent median fails the drill, not just flags it. */
  failOnRegression: boolean;
  timeouts: DrillTimeouts;
}

/** The drill process finds its plan through this variable. */
export const RUN_PLAN_ENV = "KUBEDRILL_RUN_PLAN";

export function writeRunPlan(state: RunState, plan: RunPlan): string {
  const file = state.privateFile("plan.json");
  writeJsonAtomic(file, plan);
  return file;
}

/** readRunPlan reads and validates the plan; without a usable one the drill process cannot start. */
export function readRunPlan(env: NodeJS.ProcessEnv = process.env): RunPlan {
  const file = env[RUN_PLAN_ENV];
  const hint = "start drills with `npm run drill`, which sets up the run";
  if (!file) throw new DrillError(`${RUN_PLAN_ENV} is not set`, { stage: "input", hint });
  try {
    return readJsonFile(file, runPlanSchema);
  } catch (error) {
    const reason = error instanceof DamagedFile ? error.message : `cannot read ${file}: ${(error as Error).message}`;
    throw new DrillError(reason, { stage: "input", hint, cause: error });
  }
}
