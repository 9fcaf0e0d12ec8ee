import { spawn } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import { projectRoot } from "../paths.js";
import { shellExitCode, type RunOutcome } from "./expectations.js";
import type { SoakSignal } from "./plan.js";
import { descendants, isSameProcessAlive, killTrees, parseProcStat, readProcessTable, type ProcessEntry } from "./process-tree.js";
import { lastLine } from "./table.js";

export interface DrillProcessOptions {
  scenario: string;
  /** KUBEDRILL_CACHE for the run: where its run directory goes. */
  stateRoot: string;
  logFile: string;
  interrupt?: { signal: SoakSignal; atSeconds: number };
  limitSeconds: number;
  /** Aborting it ends the run as a terminal's Ctrl-C would. */
  stop: AbortSignal;
  progress(line: string): void;
}

export interface DrillProcessResult extends RunOutcome {
  /** The id kubedrill printed once its start-up sweep was done; absent when it never got there. */
  runId?: string;
  /** Processes of the run still alive STRAY_GRACE_MS after its CLI ended (the soak killed them). */
  strays: number;
}

/** How long processes of a run may outlive its CLI (an orphaned `kind delete` finishing) before they count as left behind. */
const STRAY_GRACE_MS = 30_000;
const SAMPLE_MS = 1000;
const HEARTBEAT_MS = 30_000;
/** The line kubedrill prints after its start-up sweep, naming its run. */
const RUN_LINE = /^kubedrill run ([a-z0-9]+):/m;

/**
 * runDrillProcess runs `kubedrill run <scenario>` as a terminal would run a foreground job: in
 * its own session and process group. The interrupt goes where a user's would:
 * - SIGINT to the whole process group (Ctrl-C; kubedrill's drill process has its own group and
 *   hears it only from the CLI);
 * - SIGTERM to the CLI alone (`kill <pid>`);
 * - SIGKILL to every process of the run at once, the drill process and kind included, as when
 *   a CI job is cancelled or a container or cgroup is killed. (A lone `kill -9 <cli pid>` is the
 *   milder case: the drill process lives on and still deletes its cluster.)
 * A run past its limit is killed the same way. Every process the run ever had is watched, and
 * any still alive once the CLI ended and a grace passed is killed and counted.
 */
export async function runDrillProcess(options: DrillProcessOptions): Promise<DrillProcessResult> {
  const started = Date.now();
  const elapsed = () => Math.round((Date.now() - started) / 1000);
  const child = spawn(process.execPath, ["--import", "tsx", join(projectRoot, "bin", "kubedrill.ts"), "run", options.scenario], {
    cwd: projectRoot,
    env: { ...process.env, KUBEDRILL_CACHE: options.stateRoot, KUBEDRILL_OUT: join(options.stateRoot, "out"), NO_COLOR: "1", FORCE_COLOR: "0" },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  const root = processEntry(child.pid!);
  const log = createWriteStream(options.logFile);
  let output = "";
  let runId: string | undefined;
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      log.write(chunk);
      output += chunk;
      if (!runId) {
        runId = RUN_LINE.exec(output)?.[1];
        if (runId) options.progress(`kubedrill run ${runId} started (${elapsed()}s)`);
      }
    });
  }
  const closed = Promise.all([once(child.stdout!, "close"), once(child.stderr!, "close")]);

  const seen = new Map<number, ProcessEntry>();
  const sample = () => {
    if (root) for (const entry of descendants(root.pid, readProcessTable())) seen.set(entry.pid, entry);
  };
  const killAll = () => killTrees([...(root ? [root] : []), ...seen.values()]);
  let sentAtSeconds: number | undefined;
  let timedOut = false;
  const running = () => child.exitCode === null && child.signalCode === null;
  const timers = [
    setInterval(sample, SAMPLE_MS),
    setInterval(() => options.progress(`${elapsed()}s: ${lastLine(output)}`), HEARTBEAT_MS),
    setTimeout(() => {
      if (!running()) return;
      timedOut = true;
      options.progress(`still running after ${options.limitSeconds}s: killing it`);
      sample();
      killAll();
    }, options.limitSeconds * 1000),
  ];
  const interrupt = options.interrupt;
  if (interrupt) {
    timers.push(
      setTimeout(() => {
        if (!running()) return;
        sample();
        sentAtSeconds = elapsed();
        if (interrupt.signal === "SIGINT") sendTo(-child.pid!, "SIGINT");
        else if (interrupt.signal === "SIGTERM") sendTo(child.pid!, "SIGTERM");
        const killed = interrupt.signal === "SIGKILL" ? ` to all ${killAll()} processes of the run` : "";
        options.progress(`${interrupt.signal} sent at ${sentAtSeconds}s${killed}`);
      }, interrupt.atSeconds * 1000),
    );
  }
  const ctrlC = () => running() && sendTo(-child.pid!, "SIGINT");
  if (options.stop.aborted) ctrlC();
  else options.stop.addEventListener("abort", ctrlC, { once: true });

  const [code, signal] = await exited;
  for (const timer of timers) clearTimeout(timer);
  options.stop.removeEventListener("abort", ctrlC);
  const strays = await reapStrays([...seen.values()]);
  if (strays > 0) options.progress(`${strays} process(es) outlived the run by ${STRAY_GRACE_MS / 1000}s: killed`);
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5000))]);
  log.end();
  const exitCode = shellExitCode(code, signal);
  options.progress(`ended: exit ${exitCode} after ${elapsed()}s`);
  return { exitCode, output, timedOut, sentAtSeconds, runId, strays };
}

/** sendTo signals a process (or, with a negative id, a process group) that may have just ended. */
function sendTo(target: number, signal: NodeJS.Signals): void {
  try {
    process.kill(target, signal);
  } catch {
    // it ended in between: nothing to interrupt
  }
}

/** processEntry reads a process's start time, so a later process with its pid is never mistaken for it. */
function processEntry(pid: number): ProcessEntry | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return undefined; // it already ended
  }
}

/** reapStrays waits for the run's remaining processes to end, then kills the rest; returns how many it killed. */
async function reapStrays(seen: ProcessEntry[]): Promise<number> {
  const deadline = Date.now() + STRAY_GRACE_MS;
  let alive = seen.filter((entry) => isSameProcessAlive(entry));
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    const table = readProcessTable();
    alive = alive.filter((entry) => isSameProcessAlive(entry, table));
  }
  return alive.length > 0 ? killTrees(alive) : 0;
}
