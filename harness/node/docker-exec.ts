import type Docker from "dockerode";
import { PassThrough, type Duplex } from "node:stream";
import { abortReason, untilAborted } from "../abort.js";
import { DrillError, type Stage } from "../errors.js";
import { guarded, killGroup, newGroupFile } from "./exec-guard.js";

export interface ExecOptions {
  /** Bytes fed to the command's stdin, which is then closed. */
  stdin?: string | Buffer;
  timeoutMs?: number;
  /** false: return non-zero exits instead of throwing. */
  check?: boolean;
  stage?: Stage;
  /** Interrupts the command: it is killed inside the node, and dockerExec throws "interrupted". */
  signal?: AbortSignal;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  /** stdout as raw bytes, for binary files. */
  stdoutBytes: Buffer;
  exitCode: number;
}

export interface ExecTarget {
  /** The node (container) name, for error messages and pasteable commands. */
  name: string;
  container: Docker.Container;
  modem: Docker["modem"];
}

const DEFAULT_TIMEOUT_MS = 120_000;
/** Bounds the exec that kills a timed-out command, so a wedged node cannot hang kubedrill. */
const KILL_TIMEOUT_MS = 15_000;

/**
 * dockerExec runs argv in a container the way kind does (`docker exec --privileged`), with
 * separate stdout/stderr, optional stdin, a timeout and an abort signal. The command runs under
 * a guard (see exec-guard.ts) so that a timeout or an interrupt kills it inside the node rather
 * than leaving it running there; errors still show the plain `docker exec` line to paste.
 */
export async function dockerExec(target: ExecTarget, argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
  const { stdin, timeoutMs = DEFAULT_TIMEOUT_MS, check = true, stage = "infrastructure", signal } = options;
  const failure = (summary: string, extra: object = {}) =>
    new DrillError(`${summary} on ${target.name}`, { stage, node: target.name, argv, ...extra });
  if (signal?.aborted) throw failure(`command interrupted (${abortReason(signal)})`, { cause: signal.reason });

  const groupFile = newGroupFile();
  const run = await startExec(target, guarded(argv, groupFile), stdin);
  const timeout = AbortSignal.timeout(timeoutMs);
  const stop = signal ? AbortSignal.any([timeout, signal]) : timeout;
  try {
    await untilAborted(run.ended, stop);
  } catch (error) {
    if (!stop.aborted) throw error;
    run.stream.destroy();
    const killFailure = await killInNode(target, run.exec, groupFile);
    const output = { stdout: run.stdout.text(), stderr: run.stderr.text() };
    const note = killFailure ? ` (and could not be killed there: ${killFailure})` : "";
    if (signal?.aborted) throw failure(`command interrupted (${abortReason(signal)})${note}`, { ...output, cause: signal.reason });
    throw failure(`command timed out after ${Math.round(timeoutMs / 1000)}s${note}`, { timedOut: true, ...output });
  }
  const exitCode = await exitCodeOf(run.exec);
  const result = { stdout: run.stdout.text(), stderr: run.stderr.text(), stdoutBytes: run.stdout.bytes(), exitCode };
  if (check && exitCode !== 0) {
    throw failure(`command exited ${exitCode}`, { exitCode, stdout: result.stdout, stderr: result.stderr });
  }
  return result;
}

interface RunningExec {
  exec: Docker.Exec;
  stream: Duplex;
  stdout: ReturnType<typeof collect>;
  stderr: ReturnType<typeof collect>;
  /** Settles when the command's output ends: it finished, or its stream failed. */
  ended: Promise<void>;
}

async function startExec(target: ExecTarget, cmd: readonly string[], stdin?: string | Buffer): Promise<RunningExec> {
  const exec = await target.container.exec({
    Cmd: [...cmd],
    AttachStdin: stdin !== undefined,
    AttachStdout: true,
    AttachStderr: true,
    Privileged: true,
    Tty: false,
  });
  const stream = (await exec.start({ hijack: true, stdin: stdin !== undefined })) as Duplex;
  const stdout = collect();
  const stderr = collect();
  target.modem.demuxStream(stream, stdout.sink, stderr.sink);
  const ended = streamEnded(stream);
  if (stdin !== undefined) stream.end(stdin);
  return { exec, stream, stdout, stderr, ended };
}

/** killInNode kills a guarded command's process group; returns why it could not, if it could not. */
async function killInNode(target: ExecTarget, exec: Docker.Exec, groupFile: string): Promise<string | undefined> {
  try {
    if (!(await exec.inspect()).Running) return undefined; // it finished as we gave up on it
    const kill = await startExec(target, killGroup(groupFile));
    await untilAborted(kill.ended, AbortSignal.timeout(KILL_TIMEOUT_MS)).finally(() => kill.stream.destroy());
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function collect() {
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on("data", (chunk: Buffer) => chunks.push(chunk));
  const bytes = () => Buffer.concat(chunks);
  return { sink, bytes, text: () => bytes().toString("utf8") };
}

function streamEnded(stream: Duplex): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once("end", resolve);
    stream.once("close", resolve);
    stream.once("error", reject);
  });
}

/** The exec record can lag the stream's end by a moment; wait briefly for the exit code. */
async function exitCodeOf(exec: Docker.Exec): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const info = await exec.inspect();
    if (!info.Running && info.ExitCode !== null) return info.ExitCode;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("docker did not report an exit code for the exec");
}
