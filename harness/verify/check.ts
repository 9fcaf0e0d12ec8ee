import { AssertionError, config } from "chai";
import { systemClock, type Clock } from "../clock.js";
import { failureMessage } from "../kube/api-error.js";

// Check messages are the report's evidence: chai must not cut them at 40 characters.
config.truncateThreshold = 0;

/** Check is one named expectation; run() throws (a chai AssertionError, usually) when it is not met. */
export interface Check {
  name: string;
  run(): Promise<void>;
}

export interface CheckResult {
  name: string;
  passed: boolean;
  message?: string;
}

/** attempt runs one check and turns its outcome into a result; it never throws. */
export async function attempt(check: Check): Promise<CheckResult> {
  try {
    await check.run();
    return { name: check.name, passed: true };
  } catch (error) {
    return { name: check.name, passed: false, message: failureMessage(error) };
  }
}

/** runPass runs every check at once: one observation of the whole cluster at one moment. */
export function runPass(checks: readonly Check[]): Promise<CheckResult[]> {
  return Promise.all(checks.map(attempt));
}

export interface VerifyOptions {
  /** How long to keep running passes after the first one, while the cluster settles. */
  settleMs: number;
  intervalMs?: number;
  clock?: Clock;
  signal?: AbortSignal;
}

/** What the final verification saw. */
export interface Verification {
  /** The last pass: the one that passed, or the last one tried. */
  results: CheckResult[];
  passes: number;
  /** When the passing pass ended (clock ms); undefined when no pass passed. */
  healthyAt?: number;
  /** Each pass: when it ended and which checks failed in it (what the cluster was still settling on). */
  log: Array<{ at: number; failed: string[] }>;
}

/**
 * verifyTogether runs every check again in each pass until one pass in which all of them
 * pass, or the settle time is over. A check that passed in an earlier pass proves nothing
 * about the next one: only a pass where everything held at once counts as healthy.
 */
export async function verifyTogether(checks: readonly Check[], options: VerifyOptions): Promise<Verification> {
  const clock = options.clock ?? systemClock;
  const deadline = clock.now() + options.settleMs;
  const log: Verification["log"] = [];
  for (let passes = 1; ; passes++) {
    const results = await runPass(checks);
    log.push({ at: clock.now(), failed: results.filter((r) => !r.passed).map((r) => r.name) });
    if (results.every((r) => r.passed)) return { results, passes, healthyAt: clock.now(), log };
    const remaining = deadline - clock.now();
    if (remaining <= 0 || options.signal?.aborted) return { results, passes, log };
    await clock.sleep(Math.min(options.intervalMs ?? 3000, remaining));
  }
}

/** failedExpectations turns failed checks into one AssertionError naming each failed expectation. */
export function failedExpectations(results: readonly CheckResult[]): Error | undefined {
  const failed = results.filter((r) => !r.passed);
  if (failed.length === 0) return undefined;
  const lines = failed.map((r) => `  ✗ ${r.name}: ${r.message}`);
  return new AssertionError(`[verification] ${failed.length} of ${results.length} expectations failed:\n${lines.join("\n")}`);
}
