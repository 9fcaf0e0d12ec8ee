import Docker from "dockerode";
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { EXIT_CODES, watchInterrupts, type Interrupt } from "../drill/interrupts.js";
import { DrillError } from "../errors.js";
import { KindCli } from "../kind/kind-cli.js";
import { cacheDir } from "../paths.js";
import { CLUSTER_PREFIX, RunState } from "../run-state.js";
import { loadToolchain, toolchainPath } from "../toolchain.js";
import { runDrillProcess } from "./drill-process.js";
import { judgeRun, wasSetAside, type SpecialEvidence } from "./expectations.js";
import { addLeftovers, describeLeftovers, findLeftovers, listDocker, listRunDirs, NO_LEFTOVERS } from "./leftovers.js";
import type { SoakOptions } from "./options.js";
import { planSoak, type SoakCase } from "./plan.js";
import { plantedRunId, plantTornRunFile, plantUndeletableLeftover, type PlantedLeftover } from "./plant.js";
import { finalLine, lastLine, renderProblems, renderTable, totalLeaks, type SoakRow } from "./table.js";

export interface SoakIo {
  /** The table and the verdict: stdout, so they can be kept apart from progress. */
  out(line: string): void;
  /** What the soak is doing, as it does it. */
  progress(line: string): void;
}

const consoleIo: SoakIo = { out: (line) => console.log(line), progress: (line) => console.error(line) };

/** A run killed outright (SIGKILL, or past its limit) whose leftovers wait for a later run's start-up sweep. */
interface PendingRow {
  row: SoakRow;
  runId: string;
}

/**
 * runSoak is `npm run soak`: it runs kubedrill options.runs times as planned from the seed,
 * counts what each run left behind and prints one table row per run, then the verdict line.
 * The runs keep their state in a directory of their own (KUBEDRILL_CACHE), so their sweeps
 * never touch another user's runs and every run directory found there is the soak's.
 * Returns the exit code: 0 when nothing leaked and every run met its expectations.
 */
export async function runSoak(options: SoakOptions, io: SoakIo = consoleIo): Promise<number> {
  const toolchain = loadToolchain();
  const docker = new Docker();
  await docker.ping().catch((error: Error) => {
    throw new DrillError(`Docker is not reachable (${error.message}): start the Docker engine`, { stage: "infrastructure" });
  });
  const soakId = `s${randomBytes(3).toString("hex").slice(0, 5)}`;
  const home = join(cacheDir(), "soak", soakId);
  const stateRoot = join(home, "state");
  const logs = join(home, "logs");
  mkdirSync(join(stateRoot, "runs"), { recursive: true });
  mkdirSync(logs, { recursive: true });
  if (existsSync(toolchainPath())) copyFileSync(toolchainPath(), join(stateRoot, "toolchain.json"));

  const plan = planSoak(options.runs, options.seed);
  io.progress(`soak ${soakId}: ${options.runs} runs of ${options.scenario}, seed ${options.seed} (replay: npm run soak -- --runs ${options.runs} --seed ${options.seed}); logs in ${logs}`);
  using interrupts = watchInterrupts({ log: io.progress });
  const rows: SoakRow[] = [];
  let pending: PendingRow[] = [];
  const leftoversOf = async (runId: string) => findLeftovers(runId, await listDocker(docker), listRunDirs(stateRoot));

  for (const [i, soakCase] of plan.entries()) {
    if (interrupts.signal.aborted) break;
    const say = (line: string) => io.progress(`[run ${i + 1}/${plan.length}] ${line}`);
    say(describeCase(soakCase));
    const damage = await plantDamage(soakCase, stateRoot, docker, toolchain.workloadImage, soakId, say);
    const before = new Set(listRunDirs(stateRoot));
    let result: Awaited<ReturnType<typeof runDrillProcess>>;
    try {
      result = await runDrillProcess({
        scenario: options.scenario,
        stateRoot,
        logFile: join(logs, `run-${String(i + 1).padStart(2, "0")}.log`),
        interrupt: soakCase.kind === "interrupt" ? soakCase : undefined,
        limitSeconds: options.runTimeoutSeconds,
        stop: interrupts.signal,
        progress: say,
      });
      if (damage.evidence && soakCase.kind === "damaged-run-file") {
        damage.evidence.setAside = wasSetAside(readdirSync(join(stateRoot, "runs", damage.evidence.plantedRunId)));
      }
    } finally {
      await damage.remove();
    }
    const created = listRunDirs(stateRoot).filter((dir) => !before.has(dir) && dir !== damage.evidence?.plantedRunId);
    const runId = result.runId ?? (created.length === 1 ? created[0] : undefined);
    const row: SoakRow = {
      index: i + 1,
      runId,
      case: soakCase,
      sentAtSeconds: result.sentAtSeconds,
      exitCode: result.exitCode,
      lastLine: lastLine(result.output),
      leftovers: { ...NO_LEFTOVERS, processes: result.strays },
      problems: judgeRun(soakCase, result, options.runTimeoutSeconds, damage.evidence),
    };
    if (damage.evidence) row.leftovers = addLeftovers(row.leftovers, await leftoversOf(damage.evidence.plantedRunId));
    if (result.runId) {
      // It got past its start-up sweep: what killed runs before it left should be gone now.
      for (const p of pending) {
        p.row.leftovers = addLeftovers(p.row.leftovers, await leftoversOf(p.runId));
        p.row.countedAfterRun = i + 1;
        say(`run ${p.row.index} (${p.runId}, killed) left: ${describeLeftovers(p.row.leftovers)}`);
      }
      pending = [];
    }
    const killed = result.timedOut || (soakCase.kind === "interrupt" && soakCase.signal === "SIGKILL" && result.sentAtSeconds !== undefined);
    if (runId && killed) {
      pending.push({ row, runId });
      say("killed: what it left is counted after the next run's start-up sweep");
    } else {
      if (runId) row.leftovers = addLeftovers(row.leftovers, await leftoversOf(runId));
      say(`left: ${describeLeftovers(row.leftovers)}${row.problems.length > 0 ? `; ${row.problems.join("; ")}` : ""}`);
    }
    rows.push(row);
  }
  for (const p of pending) {
    p.row.problems.push("no later run finished its start-up sweep, so its leftovers were counted without one");
    p.row.leftovers = addLeftovers(p.row.leftovers, await leftoversOf(p.runId));
  }

  const leaks = totalLeaks(rows);
  const problems = renderProblems(rows);
  io.out(renderTable(rows));
  for (const line of problems) io.out(line);
  const kind = new KindCli(toolchain.kind);
  for (const cluster of rows.flatMap((row) => row.leftovers.clusters)) {
    const runId = cluster.slice(CLUSTER_PREFIX.length).split("-")[0]!;
    io.out(`leaked cluster ${cluster}: ${kind.deleteCommand(cluster, RunState.preview(stateRoot, runId).kubeconfigPath(cluster))}`);
  }
  if (leaks === 0) rmSync(stateRoot, { recursive: true, force: true });
  else io.out(`the leaking runs' state is kept in ${stateRoot}`);
  io.out(`logs: ${logs}`);
  io.out(finalLine(rows.length, leaks));
  if (interrupts.signal.aborted) return EXIT_CODES[(interrupts.signal.reason as Interrupt).signalName];
  return leaks > 0 || problems.length > 0 ? 1 : 0;
}

function describeCase(soakCase: SoakCase): string {
  switch (soakCase.kind) {
    case "interrupt":
      return `start; ${soakCase.signal} at ${soakCase.atSeconds}s`;
    case "damaged-run-file":
      return "start with a torn run.json of an earlier run present; it must pass";
    case "undeletable-leftover":
      return "start with an undeletable leftover cluster of a dead run present; it must pass";
  }
}

/** The damage a special run starts on and how to undo it; no evidence when it could not be made. */
interface Damage {
  evidence?: SpecialEvidence;
  remove(): Promise<void>;
}

async function plantDamage(soakCase: SoakCase, stateRoot: string, docker: Docker, image: string, soakId: string, say: (line: string) => void): Promise<Damage> {
  const runId = plantedRunId();
  if (soakCase.kind === "damaged-run-file") {
    const dir = plantTornRunFile(stateRoot, runId);
    say(`planted a torn ${join(dir, "run.json")}`);
    return { evidence: { plantedRunId: runId }, remove: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  if (soakCase.kind === "undeletable-leftover") {
    let planted: PlantedLeftover;
    try {
      planted = await plantUndeletableLeftover(stateRoot, runId, docker, image, soakId);
    } catch (error) {
      say((error as Error).message);
      return { remove: async () => {} };
    }
    say(`planted ${planted.cluster}, recorded by dead run ${runId}; Docker refuses to remove it (should the soak die, remove it by hand: ${planted.manualRemoval})`);
    return { evidence: { plantedRunId: runId, cluster: planted.cluster }, remove: () => planted.remove() };
  }
  return { remove: async () => {} };
}
