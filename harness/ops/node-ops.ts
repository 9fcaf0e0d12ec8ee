import type { Symptom } from "../damage/symptom.js";
import { containerReplaced, pathChanged } from "../damage/symptoms.js";
import { pollUntil } from "../poll.js";
import { renderArgv, renderNodeCommand } from "../shell.js";
import * as commands from "../node/commands.js";
import { runOperations, type Manual, type OpContext, type OpRecord, type Operation } from "./operation.js";

type Body = (ctx: OpContext) => Promise<Partial<OpRecord> | void>;

/** What describes an operation before it runs: where, the pasteable command, what it changes, how to do it by hand. */
interface Description {
  target: string;
  command: string;
  manual: Manual;
  touches?: readonly string[];
  argv?: readonly string[];
  symptoms?: readonly Symptom[];
}

/**
 * Files a node operation touches are its default symptoms: in a breakage, a touched path that
 * did not change means the breakage did nothing. Entries that are not paths are descriptions.
 */
const touchedPaths = (node: string, touches: readonly string[]): Symptom[] =>
  touches.filter((t) => t.startsWith("/")).map((path) => pathChanged(node, path));

/** operation builds an Operation whose run is timed and recorded for the report. */
function operation(d: Description, body: Body): Operation {
  return {
    target: d.target,
    command: d.command,
    argv: d.argv,
    touches: d.touches ?? [],
    symptoms: d.symptoms ?? [],
    manual: d.manual,
    async run(ctx) {
      const started = ctx.clock.now();
      const details = await body(ctx);
      await ctx.record({ target: d.target, command: d.command, durationMs: ctx.clock.now() - started, ...details });
    },
  };
}

export interface ExecOpOptions {
  touches?: readonly string[];
  /** Keep stdout (only stdout) under this key for a later writeCaptured. */
  captureAs?: string;
  timeoutMs?: number;
  /** Damage signs besides the touched paths (see harness/damage/symptoms.ts). */
  symptoms?: readonly Symptom[];
  /**
   * A check run first, in the same node: when it succeeds, the work is already done and the
   * command is skipped. It keeps a step idempotent around a command that is not, such as a
   * kubeadm phase, which must not hide in a script where its flags cannot be checked.
   */
  unless?: { argv: readonly string[]; what: string };
}

/** What an operator types for an argv: a strict bash script as a heredoc (safe to paste), anything else as it is. */
function typed(argv: readonly string[]): string {
  const script = commands.strictScript(argv);
  return script === undefined ? renderArgv(argv) : `bash -euo pipefail <<'SCRIPT'\n${script}\nSCRIPT`;
}

/** execOn runs one command inside a node; a non-zero exit fails the drill. */
export function execOn(node: string, argv: readonly string[], options: ExecOpOptions = {}): Operation {
  const { captureAs, unless } = options;
  const guard = (render: (argv: readonly string[]) => string) => (unless ? `${render(unless.argv)} || ` : "");
  const description: Description = {
    target: node,
    command: guard((a) => renderNodeCommand(node, a)) + renderNodeCommand(node, argv) + (captureAs ? ` > ${captureAs}` : ""),
    manual: { kind: "run", on: node, command: guard(typed) + typed(argv), ...(captureAs ? { saveAs: captureAs } : {}) },
    touches: options.touches,
    argv,
    symptoms: [...touchedPaths(node, options.touches ?? []), ...(options.symptoms ?? [])],
  };
  return operation(description, async (ctx) => {
    const timeoutMs = options.timeoutMs ?? ctx.commandTimeoutMs;
    if (unless) {
      const done = await ctx.node(node).exec(unless.argv, { check: false, timeoutMs, stage: ctx.stage, signal: ctx.signal });
      if (done.exitCode === 0) return { stdout: `skipped, already done: ${unless.what}\n${done.stdout}`, stderr: done.stderr, exitCode: 0 };
    }
    const result = await ctx.node(node).exec(argv, { timeoutMs, stage: ctx.stage, signal: ctx.signal });
    if (captureAs) ctx.captures.set(captureAs, result.stdoutBytes);
    // Captured stdout can hold credentials (a kubeconfig); the report only says how big it was.
    const stdout = captureAs ? `(${result.stdoutBytes.length} bytes captured as ${captureAs})` : result.stdout;
    return { stdout, stderr: result.stderr, exitCode: result.exitCode };
  });
}

/**
 * shellOn runs a bash script inside a node that fails loudly: `set -euo pipefail`, so a
 * failed command anywhere in a pipeline fails the operation instead of feeding it nothing.
 */
export function shellOn(node: string, script: string, options: ExecOpOptions = {}): Operation {
  return execOn(node, commands.strictBash(script), options);
}

/**
 * stopComponents kills control-plane containers (each must be running); its symptom is that
 * the containers which ran before are gone, which still holds after the kubelet restarts them.
 */
export function stopComponents(node: string, components: readonly string[]): Operation {
  return execOn(node, commands.crictlStop(components, { required: true }), { symptoms: components.map((c) => containerReplaced(node, c)) });
}

/** copyBetween copies a file from one node to the same path on another. */
export function copyBetween(from: string, to: string, path: string, mode?: string): Operation {
  const description: Description = {
    target: to,
    command: `${renderNodeCommand(from, commands.readFile(path))} | ${renderNodeCommand(to, commands.writeStdinTo(path, mode), true)}`,
    manual: { kind: "copy", from, to, path, ...(mode ? { mode } : {}) },
    touches: [path],
    symptoms: touchedPaths(to, [path]),
  };
  return operation(description, async (ctx) => {
    await ctx.node(from).copyFileTo(ctx.node(to), path, path, mode);
  });
}

/** writeCaptured writes what an earlier execOn captured into a file on a node. */
export function writeCaptured(node: string, path: string, key: string, mode?: string): Operation {
  const description: Description = {
    target: node,
    command: `${renderNodeCommand(node, commands.writeStdinTo(path, mode), true)} < ${key}`,
    manual: { kind: "write", on: node, path, saved: key, ...(mode ? { mode } : {}) },
    touches: [path],
    symptoms: touchedPaths(node, [path]),
  };
  return operation(description, async (ctx) => {
    const content = ctx.captures.get(key);
    if (!content) throw new Error(`nothing was captured as ${key} before writing ${path} on ${node}`);
    await ctx.node(node).writeFile(path, content, mode);
  });
}

/** waitOn re-runs a command inside a node until it succeeds or the wait times out. */
export function waitOn(node: string, argv: readonly string[], what: string, timeoutMs?: number): Operation {
  const description: Description = {
    target: node,
    command: `until ${renderNodeCommand(node, argv)}; do sleep 2; done  # ${what}`,
    manual: { kind: "wait", on: node, until: renderArgv(argv), what },
    argv,
  };
  return operation(description, async (ctx) => {
    await pollUntil((attempt) => ctx.node(node).exec(argv, { timeoutMs: ctx.commandTimeoutMs, stage: ctx.stage, signal: attempt }), {
      what: `${what} (${node})`,
      timeoutMs: timeoutMs ?? ctx.waitTimeoutMs,
      stage: ctx.stage,
      clock: ctx.clock,
      signal: ctx.signal,
    });
  });
}

/** onHost is an action kubedrill performs from the host, described by its command. */
export function onHost(command: string, touches: readonly string[], action: (ctx: OpContext) => Promise<void>): Operation {
  return operation({ target: "host", command, manual: { kind: "host", command }, touches }, async (ctx) => {
    await action(ctx);
  });
}

/**
 * inParallel runs lanes of operations at the same time, each lane in order (independent
 * nodes, such as each worker's rejoin). It ends when every lane has ended; the first failure fails it.
 */
export function inParallel(lanes: ReadonlyArray<readonly Operation[]>): Operation {
  const parts = lanes.flat();
  return {
    target: [...new Set(parts.map((op) => op.target))].join(", "),
    command: lanes.map((lane) => `( ${lane.map((op) => op.command).join("\n  && ")} ) &`).join("\n") + "\nwait",
    touches: parts.flatMap((op) => op.touches),
    symptoms: parts.flatMap((op) => op.symptoms),
    manual: { kind: "parallel", lanes: lanes.map((lane) => lane.map((op) => op.manual)) },
    parts,
    async run(ctx) {
      const outcomes = await Promise.allSettled(lanes.map((lane) => runOperations(lane, ctx)));
      const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
      if (failed) throw failed.reason;
    },
  };
}
