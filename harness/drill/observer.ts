import type { CheckResult } from "../verify/check.js";
import type { PhaseKind, PhaseRecord } from "./timeline.js";

export type AttachmentType = "text/plain" | "application/json" | "text/markdown" | "image/svg+xml";

/**
 * DrillObserver is how reporters follow a drill without the drill knowing them
 * (console progress, Allure). Every hook is optional.
 */
export interface DrillObserver {
  /** Wraps a phase's work, e.g. in an Allure step; must call body once and return its result. */
  wrapPhase?<T>(name: string, body: () => Promise<T>): Promise<T>;
  phaseStarted?(name: string, kind: PhaseKind, elapsedMs: number): void;
  phaseFinished?(record: PhaseRecord): void | Promise<void>;
  attach?(name: string, content: string, type: AttachmentType): void | Promise<void>;
  /** The final outcome of every expectation, once the drill was judged. */
  expectations?(results: readonly CheckResult[]): void | Promise<void>;
  note?(line: string): void | Promise<void>;
}
