import { AssertionError } from "chai";
import { isDrillError, type FailureCategory } from "../errors.js";

export type Verdict = { status: "passed" } | { status: "failed"; category: FailureCategory; message: string };

/**
 * verdictFor decides a drill's verdict from the error that ended it: failed expectations
 * are verification failures; DrillErrors carry their category; anything else (and errors
 * before or after a drill proper) is broken infrastructure.
 */
export function verdictFor(error: unknown): Verdict {
  if (error === undefined) return { status: "passed" };
  const message = error instanceof Error ? error.message : String(error);
  if (isDrillError(error) && isCategory(error.stage)) return { status: "failed", category: error.stage, message };
  if (message.startsWith("[verification]")) return { status: "failed", category: "verification", message };
  return { status: "failed", category: "infrastructure", message };
}

/** The report categories, as Allure shows them. */
export const CATEGORY_TITLES: Record<FailureCategory, string> = {
  breakage: "Breakage had no effect",
  recovery: "Failed recovery",
  regression: "Recovery slower than its recent runs",
  verification: "Failed verification",
  infrastructure: "Broken infrastructure",
};

const isCategory = (stage: string): stage is FailureCategory => stage in CATEGORY_TITLES;

/**
 * verdictError is the error a failed drill's test throws: an AssertionError for failed
 * expectations, a breakage without effect and a regression (reported as "failed"), a plain
 * error for a failed recovery step or broken infrastructure (reported as "broken").
 */
export function verdictError(verdict: Verdict): Error | undefined {
  if (verdict.status === "passed") return undefined;
  if (verdict.category !== "recovery" && verdict.category !== "infrastructure") return new AssertionError(verdict.message);
  const error = new Error(verdict.message);
  error.name = "DrillError";
  return error;
}
