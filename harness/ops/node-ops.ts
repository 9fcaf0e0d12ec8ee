import type { Symptom } from "../damage/symptom.js";
import { containerReplaced, pathChanged } from "../damage/symptoms.js";
import { pollUntil } from "../poll.js";
import { renderNodeCommand } from "../shell.js";
import * as commands from "../node/commands.js";
import type { OpContext, OpRecord, Operation } from "./operation.js";

type Body = (ctx: OpContext) => Promise<Partial<OpRecord> | void>;

/**
 * Files a node operation touches are its default symptoms: in a breakage, a touched path that
 * did not change means the breakage did nothing. Entries that are not paths are descriptions.
 */
const touchedPaths = (node: string, touches: readonly string[]): Symptom[] =>
  touches.filter((t) => t.startsWith("/")).map((path) => pathChanged(node, path));

/** operation builds an Operation whose run is timed and recorded for the report. */
function operation(target: string, command: string, touches: readonly string[], body: Body, argv?: readonly string[], symptoms: readonly Symptom[] = []): Operation {
  return {
    target,
    command,
    argv,
    touches,
    symptoms,
    async run(ctx) {
      const started = ctx.clock.now();
      const details = await body(ctx);
      await ctx.record({ target, command, durationMs: ctx.clock.now() - started, ...details });
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

/** execOn runs one command inside a node; a non-zero exit fails the drill. */
export function execOn(node: string, argv: readonly string[], options: ExecOpOptions = {}): Operation {
  const { captureAs, unless } = options;
  const guard = unless ? `${renderNodeCommand(node, unless.argv)} || ` : "";
  const command = guard + renderNodeCommand(node, argv) + (captureAs ? ` > ${captureAs}` : "");
  return operation(node, command, options.touches ?? [], async (ctx) => {
    if (unless) {
      const done = await ctx.node(node).exec(unless.argv, { check: false, timeoutMs: options.timeoutMs ?? ctx.commandTimeoutMs, stage: ctx.stage });
      if (done.exitCode === 0) return { stdout: `skipped, already done: ${unless.what}\n${done.stdout}`, stderr: done.stderr, exitCode: 0 };
    }
    const result = await ctx.node(node).exec(argv, { timeoutMs: options.timeoutMs ?? ctx.commandTimeoutMs, stage: ctx.stage });
    if (captureAs) ctx.captures.set(captureAs, result.stdoutBytes);
    // Captured stdout can hold credentials (a kubeconfig); the report only says how big it was.
    const stdout = captureAs ? `(${result.stdoutBytes.length} bytes captured as ${captureAs})` : result.stdout;
    return { stdout, stderr: result.stderr, exitCode: result.exitCode };
  }, argv, [...touchedPaths(node, options.touches ?? []), ...(options.symptoms ?? [])]);
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
  const command = `${renderNodeCommand(from, commands.readFile(path))} | ${renderNodeCommand(to, commands.writeStdinTo(path, mode), true)}`;
  return operation(to, command, [path], async (ctx) => {
    await ctx.node(from).copyFileTo(ctx.node(to), path, path, mode);
  }, undefined, touchedPaths(to, [path]));
}

/** writeCaptured writes what an earlier execOn captured into a file on a node. */
export function writeCaptured(node: string, path: string, key: string, mode?: string): Operation {
  const command = `${renderNodeCommand(node, commands.writeStdinTo(path, mode), true)} < ${key}`;
  return operation(node, command, [path], async (ctx) => {
    const content = ctx.captures.get(key);
    if (!content) throw new Error(`nothing was captured as ${key} before writing ${path} on ${node}`);
    await ctx.node(node).writeFile(path, content, mode);
  }, undefined, touchedPaths(node, [path]));
}

/** waitOn re-runs a command inside a node until it succeeds or the wait times out. */
export function waitOn(node: string, argv: readonly string[], what: string, timeoutMs?: number): Operation {
  const command = `until ${renderNodeCommand(node, argv)}; do sleep 2; done  # ${what}`;
  return operation(node, command, [], async (ctx) => {
    await pollUntil(() => ctx.node(node).exec(argv, { timeoutMs: ctx.commandTimeoutMs, stage: ctx.stage }), {
      what: `${what} (${node})`,
      timeoutMs: timeoutMs ?? ctx.waitTimeoutMs,
      stage: ctx.stage,
      clock: ctx.clock,
    });
  }, argv);
}

/** onHost is an action kubedrill performs from the host, described by its command. */
export function onHost(command: string, touches: readonly string[], action: (ctx: OpContext) => Promise<void>): Operation {
  return operation("host", command, touches, async (ctx) => {
    await action(ctx);
  });
}
