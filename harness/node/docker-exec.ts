import type Docker from "dockerode";
import { PassThrough, type Duplex } from "node:stream";
import { DrillError, type Stage } from "../errors.js";

export interface ExecOptions {
  /** Bytes fed to the command's stdin, which is then closed. */
  stdin?: string | Buffer;
  timeoutMs?: number;
  /** false: return non-zero exits instead of throwing. */
  check?: boolean;
  stage?: Stage;
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

/**
 * dockerExec runs argv in a container the way kind does (`docker exec --privileged`),
 * with separate stdout/stderr, optional stdin and a client-side timeout.
 */
export async function dockerExec(target: ExecTarget, argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
  const { stdin, timeoutMs = DEFAULT_TIMEOUT_MS, check = true, stage = "infrastructure" } = options;
  const failure = (summary: string, extra: object = {}) =>
    new DrillError(`${summary} on ${target.name}`, { stage, node: target.name, argv, ...extra });

  const exec = await target.container.exec({
    Cmd: [...argv],
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
  if (stdin !== undefined) stream.end(stdin);

  const finished = await waitForEnd(stream, timeoutMs);
  if (!finished) {
    stream.destroy();
    throw failure(`command timed out after ${Math.round(timeoutMs / 1000)}s`, {
      timedOut: true,
      stdout: stdout.text(),
      stderr: stderr.text(),
    });
  }
  const exitCode = await exitCodeOf(exec);
  const result = { stdout: stdout.text(), stderr: stderr.text(), stdoutBytes: stdout.bytes(), exitCode };
  if (check && exitCode !== 0) {
    throw failure(`command exited ${exitCode}`, { exitCode, stdout: result.stdout, stderr: result.stderr });
  }
  return result;
}

function collect() {
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on("data", (chunk: Buffer) => chunks.push(chunk));
  const bytes = () => Buffer.concat(chunks);
  return { sink, bytes, text: () => bytes().toString("utf8") };
}

function waitForEnd(stream: Duplex, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    const done = () => {
      clearTimeout(timer);
      resolve(true);
    };
    stream.once("end", done);
    stream.once("close", done);
    stream.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
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
