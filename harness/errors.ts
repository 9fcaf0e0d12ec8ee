import { renderArgv, renderNodeCommand } from "./shell.js";

/**
 * The report category a failure belongs to: broken infrastructure, a breakage that had no
 * effect, a recovery step that failed, a cluster that did not verify as recovered, or (with
 * --fail-on-regression) a recovery much slower than its recent runs.
 */
export type FailureCategory = "infrastructure" | "breakage" | "recovery" | "verification" | "regression";

/** Where a failure happened: a drill category, or before/after any drill. */
export type Stage = FailureCategory | "input" | "load" | "cleanup";

/** What a failed command left behind, when the failure came from a command. */
export interface CommandFailure {
  node?: string;
  argv?: readonly string[];
  exitCode?: number | null;
  stdout?: string;
  stderr?: string;
  timedOut?: boolean;
}

export interface DrillErrorDetails extends CommandFailure {
  stage: Stage;
  /** What the user can do about it. */
  hint?: string;
  cause?: unknown;
}

const OUTPUT_TAIL_LINES = 15;

/**
 * DrillError is the one error type kubedrill throws. Its message starts with the
 * stage tag (`[recovery]`, ...) that the report categories match on, and carries the
 * failing command in a form you can paste into a shell.
 */
export class DrillError extends Error {
  readonly stage: Stage;
  readonly summary: string;
  readonly command?: CommandFailure;
  readonly hint?: string;

  constructor(summary: string, details: DrillErrorDetails) {
    const { stage, hint, cause, ...command } = details;
    super(renderMessage(summary, details), { cause });
    this.name = "DrillError";
    this.stage = stage;
    this.summary = summary;
    this.hint = hint;
    if (Object.keys(command).length > 0) this.command = command;
  }

  /** restaged is the same failure reported in another stage (the phase it surfaced in). */
  restaged(stage: Stage): DrillError {
    if (stage === this.stage) return this;
    return new DrillError(this.summary, { ...this.command, stage, hint: this.hint, cause: this.cause });
  }

  /** The failing command as one pasteable shell line, if there was one. */
  get pasteable(): string | undefined {
    return this.command?.argv && pasteableCommand(this.command.node, this.command.argv);
  }
}

/** isDrillError tells DrillErrors apart from anything else that was thrown. */
export function isDrillError(error: unknown): error is DrillError {
  return error instanceof DrillError;
}

/** toDrillError keeps DrillErrors as they are and wraps anything else for the given stage. */
export function toDrillError(error: unknown, stage: Stage): DrillError {
  if (isDrillError(error)) return error;
  return new DrillError(error instanceof Error ? error.message : String(error), { stage, cause: error });
}

function pasteableCommand(node: string | undefined, argv: readonly string[]): string {
  return node ? renderNodeCommand(node, argv) : renderArgv(argv);
}

function renderMessage(summary: string, details: DrillErrorDetails): string {
  const lines = [`[${details.stage}] ${summary}`];
  if (details.argv) lines.push(`  $ ${pasteableCommand(details.node, details.argv)}`);
  if (details.timedOut) lines.push("  (timed out)");
  else if (details.exitCode !== undefined) lines.push(`  exit code: ${details.exitCode}`);
  for (const [label, text] of [["stdout", details.stdout], ["stderr", details.stderr]] as const) {
    const tail = text?.trim().split("\n").slice(-OUTPUT_TAIL_LINES).join("\n    ");
    if (tail) lines.push(`  ${label}:\n    ${tail}`);
  }
  if (details.hint) lines.push(`  hint: ${details.hint}`);
  return lines.join("\n");
}
