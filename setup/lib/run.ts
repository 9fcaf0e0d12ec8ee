import { appendFileSync } from "node:fs";
import { execa, type Options } from "execa";
import { DrillError } from "../../harness/errors.js";

export interface RunOptions {
  /** The setup stage, for the error message. */
  phase: string;
  /** Every line of output is appended here so a failure can be read in full. */
  logFile?: string;
  timeoutMs?: number;
  cwd?: string;
  env?: Record<string, string>;
  input?: string | Buffer;
  hint?: string;
  /** Sees each output line (stdout and stderr) as it is printed, e.g. to show progress; the log still gets everything. */
  onLine?: (line: string) => void;
}

const outputTail = 40;

/** run executes a host command and throws DrillError (with the output's tail) when it fails. */
export async function run(argv: readonly string[], opts: RunOptions): Promise<string> {
  const [file, ...args] = argv;
  const log = (line: string) => {
    if (opts.logFile) appendFileSync(opts.logFile, `${line}\n`);
  };
  log(`$ ${argv.join(" ")}`);
  const watch = opts.onLine && { stdout: lineWatcher(opts.onLine), stderr: lineWatcher(opts.onLine) };
  const options: Options = {
    ...watch,
    cwd: opts.cwd,
    env: opts.env,
    input: opts.input,
    timeout: opts.timeoutMs ?? 30 * 60_000,
    forceKillAfterDelay: 5_000,
    all: true,
    reject: false,
    stripFinalNewline: true,
  };
  const result = await execa(file!, args, options);
  const all = String(result.all ?? "");
  if (opts.logFile && all) log(all);
  if (result.failed) {
    const reason = result.timedOut
      ? `timed out after ${Math.round((opts.timeoutMs ?? 0) / 1000)}s`
      : result.exitCode === undefined
        ? String(result.originalMessage ?? result.shortMessage)
        : `exited with ${result.exitCode}`;
    throw new DrillError(`${opts.phase}: ${file} ${reason}`, {
      stage: "infrastructure",
      argv,
      exitCode: result.exitCode,
      timedOut: result.timedOut,
      stdout: all.split("\n").slice(-outputTail).join("\n"),
      hint: opts.logFile ? `full log: ${opts.logFile}${opts.hint ? `; ${opts.hint}` : ""}` : opts.hint,
    });
  }
  return String(result.stdout ?? "");
}

/** lineWatcher is an execa transform that passes every line through unchanged after showing it to onLine. */
function lineWatcher(onLine: (line: string) => void) {
  return function* (line: unknown) {
    onLine(String(line));
    yield line;
  };
}

/** succeeds reports whether a probe command exits 0 within its timeout. */
export async function succeeds(argv: readonly string[], timeoutMs = 10_000): Promise<boolean> {
  const [file, ...args] = argv;
  const result = await execa(file!, args, { reject: false, timeout: timeoutMs, stdio: "ignore" });
  return !result.failed;
}
