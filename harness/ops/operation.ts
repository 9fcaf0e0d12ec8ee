import type { Clock } from "../clock.js";
import type { Stage } from "../errors.js";
import type { Symptom } from "../damage/symptom.js";
import type { KindNode } from "../node/kind-node.js";

/** What an operation did, for the report: one entry per command. */
export interface OpRecord {
  target: string;
  command: string;
  durationMs: number;
  stdout?: string;
  stderr?: string;
  exitCode?: number;
}

/** Host-side actions an operation may need, bound to the drill's cluster. */
export interface HostActions {
  /** `kind export kubeconfig` into the run-private file, then reload API clients. */
  refreshKubeconfig(): Promise<void>;
}

/** OpContext is everything an operation can touch while it runs. */
export interface OpContext {
  /** Looks up a node of the drill's own cluster; refuses anything else. */
  node(name: string): KindNode;
  /** Output one operation captured for a later one (e.g. a generated kubeconfig). */
  captures: Map<string, Buffer>;
  host: HostActions;
  clock: Clock;
  /** Failures are reported in this stage (breakage → infrastructure, recovery → recovery). */
  stage: Stage;
  commandTimeoutMs: number;
  waitTimeoutMs: number;
  /** Aborts on an interrupt: the command in flight is killed inside its node. */
  signal?: AbortSignal;
  record(entry: OpRecord): Promise<void>;
}

/**
 * Manual is how an operator does an operation by hand on a real kubeadm node (SSH or
 * `docker exec -it <node> bash`): where, and exactly what to type, with no harness wrappers.
 */
export type Manual =
  | { kind: "run"; on: string; command: string; saveAs?: string }
  | { kind: "wait"; on: string; until: string; what: string }
  | { kind: "copy"; from: string; to: string; path: string; mode?: string }
  | { kind: "write"; on: string; path: string; saved: string; mode?: string }
  | { kind: "host"; command: string }
  | { kind: "parallel"; lanes: Manual[][] };

/**
 * Operation is the unit of breakage and recovery: one action on one node (or the host),
 * known in full before it runs so --dry-run prints exactly what a drill will do.
 */
export interface Operation {
  /** A node name, or "host". */
  readonly target: string;
  /** The command, pasteable into a shell. */
  readonly command: string;
  /** The argv when the operation is a single command inside a node. */
  readonly argv?: readonly string[];
  /** Files or objects the operation writes or removes. */
  readonly touches: readonly string[];
  /** What a breakage operation's damage looks like from outside; confirmed before recovery starts. */
  readonly symptoms: readonly Symptom[];
  /** The same work as an operator does it by hand (for the exported runbook). */
  readonly manual: Manual;
  /** The operations a composite (inParallel) runs. */
  readonly parts?: readonly Operation[];
  run(ctx: OpContext): Promise<void>;
}

/** leafOperations flattens composites, for listings that name each node's work. */
export function leafOperations(ops: readonly Operation[]): Operation[] {
  return ops.flatMap((op) => (op.parts ? leafOperations(op.parts) : [op]));
}

/** runOperations runs operations in order, stopping at the first failure. */
export async function runOperations(ops: readonly Operation[], ctx: OpContext): Promise<void> {
  for (const op of ops) await op.run(ctx);
}
