import type { ClusterLayout } from "../harness/kind/layout.js";
import type { Operation } from "../harness/ops/operation.js";

/**
 * RecoveryStep is one named, idempotent part of a runbook. It plans its operations from
 * the cluster layout alone, so a plan can be printed (--dry-run) before it is run.
 */
export interface RecoveryStep {
  /** kebab-case, unique within a plan ("certs-all"). */
  readonly name: string;
  /** What the step does and why, one sentence. */
  readonly summary: string;
  /** Set when the step only makes recovery faster (what it saves): `prove` expects the runbook to pass without it. */
  readonly speedsUp?: string;
  /** Set when the step guards against what a drill may not show (what, and who advises it): `prove` expects the runbook to pass without it. */
  readonly precaution?: string;
  plan(layout: ClusterLayout): Operation[];
}

/** recoveryStep declares a step. */
export function recoveryStep(name: string, summary: string, plan: (layout: ClusterLayout) => Operation[], options: { speedsUp?: string; precaution?: string } = {}): RecoveryStep {
  return { name, summary, plan, ...options };
}
