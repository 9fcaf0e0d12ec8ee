import { AssertionError } from "chai";
import { systemClock, type Clock } from "../clock.js";

/** Check is one named expectation; run() throws a chai AssertionError when it is not met. */
export interface Check {
  name: string;
  run(): Promise<void>;
  /** false for checks on values that cannot change any more (the budget); they are not retried. */
  retry?: boolean;
}

export interface CheckResult {
  name: string;
  passed: boolean;
  message?: string;
}

export interface RunChecksOptions {
  /** Failing checks are retried until this much time has passed: the cluster settles (CA publisher, token controller). */
  settleMs: number;
  intervalMs?: number;
  clock?: Clock;
}

/** runChecks runs every check, retrying the failing ones until they pass or the settle time is over. */
export async function runChecks(checks: readonly Check[], options: RunChecksOptions): Promise<CheckResult[]> {
  const clock = options.clock ?? systemClock;
  const deadline = clock.now() + options.settleMs;
  const results = new Map<string, CheckResult>();
  let pending = [...checks];
  for (;;) {
    for (const check of pending) results.set(check.name, await attempt(check));
    pending = pending.filter((check) => check.retry !== false && !results.get(check.name)!.passed);
    if (pending.length === 0 || clock.now() >= deadline) break;
    await clock.sleep(Math.min(options.intervalMs ?? 5000, deadline - clock.now()));
  }
  return checks.map((check) => results.get(check.name)!);
}

/** failedExpectations turns failed checks into one AssertionError naming each failed expectation. */
export function failedExpectations(results: readonly CheckResult[]): Error | undefined {
  const failed = results.filter((r) => !r.passed);
  if (failed.length === 0) return undefined;
  const lines = failed.map((r) => `  ✗ ${r.name}: ${r.message}`);
  return new AssertionError(`[verification] ${failed.length} of ${results.length} expectations failed:\n${lines.join("\n")}`);
}

async function attempt(check: Check): Promise<CheckResult> {
  try {
    await check.run();
    return { name: check.name, passed: true };
  } catch (error) {
    return { name: check.name, passed: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** renderChecks is the one-line-per-expectation text attached to the report. */
export function renderChecks(results: readonly CheckResult[]): string {
  return results.map((r) => (r.passed ? `✓ ${r.name}` : `✗ ${r.name}: ${r.message}`)).join("\n");
}
