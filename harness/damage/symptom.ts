import { systemClock, type Clock } from "../clock.js";
import { DrillError } from "../errors.js";
import type { ClusterAccess } from "../verify/input.js";

/**
 * Symptom is one observable sign that the breakage took effect, judged from outside the
 * runbook: a file that changed, a container that is gone, an API that stopped answering.
 */
export interface Symptom {
  /** Unique within a drill: "/etc/kubernetes changed on kubedrill-…-control-plane". */
  readonly name: string;
  /** Records the undamaged state just before the breakage; the result is handed to seen(). */
  before?(cluster: ClusterAccess): Promise<unknown>;
  /** Resolves with the evidence once the damage is observed; throws, saying what it saw instead, while it is not. */
  seen(cluster: ClusterAccess, before: unknown): Promise<string>;
}

/** symptom declares a symptom with a typed undamaged state. */
export function symptom<B = undefined>(
  name: string,
  seen: (cluster: ClusterAccess, before: B) => Promise<string>,
  before?: (cluster: ClusterAccess) => Promise<B>,
): Symptom {
  return { name, seen: (cluster, state) => seen(cluster, state as B), ...(before ? { before } : {}) };
}

/** One confirmed symptom: when it was first seen (ms after the end of the breakage) and the evidence. */
export interface SymptomSeen {
  name: string;
  seenAfterMs: number;
  evidence: string;
}

export interface DamageReport {
  symptoms: SymptomSeen[];
  /** When the last symptom was seen, ms after the end of the breakage. */
  confirmedAfterMs: number;
}

/** recordUndamaged takes every symptom's "before" picture; call it right before the breakage. */
export async function recordUndamaged(symptoms: readonly Symptom[], cluster: ClusterAccess): Promise<unknown[]> {
  return Promise.all(symptoms.map((s) => s.before?.(cluster)));
}

export interface ConfirmOptions {
  /** The end of the breakage (clock ms). */
  origin: number;
  timeoutMs: number;
  intervalMs?: number;
  clock?: Clock;
  signal?: AbortSignal;
}

/**
 * confirmDamage polls every symptom until each has been seen once. A symptom never seen
 * within the timeout means the breakage had no effect: the drill fails, never goes green.
 */
export async function confirmDamage(symptoms: readonly Symptom[], befores: readonly unknown[], cluster: ClusterAccess, options: ConfirmOptions): Promise<DamageReport> {
  const clock = options.clock ?? systemClock;
  const deadline = options.origin + options.timeoutMs;
  const seen = new Map<number, SymptomSeen>();
  const lastSeenInstead = new Map<number, string>();
  for (;;) {
    await Promise.all(
      symptoms.map(async (s, i) => {
        if (seen.has(i)) return;
        try {
          const evidence = await s.seen(cluster, befores[i]);
          seen.set(i, { name: s.name, seenAfterMs: clock.now() - options.origin, evidence });
        } catch (error) {
          lastSeenInstead.set(i, error instanceof Error ? error.message.split("\n")[0]! : String(error));
        }
      }),
    );
    if (seen.size === symptoms.length) {
      const found = symptoms.map((_, i) => seen.get(i)!);
      return { symptoms: found, confirmedAfterMs: Math.max(0, ...found.map((s) => s.seenAfterMs)) };
    }
    if (clock.now() >= deadline || options.signal?.aborted) {
      const missing = symptoms.flatMap((s, i) => (seen.has(i) ? [] : [`${s.name} (saw instead: ${lastSeenInstead.get(i)})`]));
      throw new DrillError(`breakage had no effect: not seen within ${Math.round(options.timeoutMs / 1000)}s: ${missing.join("; ")}`, { stage: "breakage" });
    }
    await clock.sleep(Math.min(options.intervalMs ?? 500, deadline - clock.now()));
  }
}
