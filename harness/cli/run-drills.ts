import Docker from "dockerode";
import { execa, type ResultPromise } from "execa";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateReport } from "../../reports/allure-cli.js";
import { executor, writeResultExtras } from "../../reports/allure-files.js";
import { renderSummary, summarize } from "../../reports/summary.js";
import { publishRun } from "../../reports/publish.js";
import type { PlannedDrill } from "../drill/drills.js";
import { EXIT_CODES, watchInterrupts, type Interrupt } from "../drill/interrupts.js";
import { RUN_PLAN_ENV, writeRunPlan, type RunPlan } from "../drill/plan.js";
import { fileNameOf, readDrillReports, type DrillReport } from "../drill/report.js";
import { proofMatrix, renderProofMatrix, stepProofs, type ProofMatrix } from "../../reports/proof-matrix.js";
import { renderRunbook } from "../../reports/runbook.js";
import { loadScenarios } from "../scenario/registry.js";
import { KindCli } from "../kind/kind-cli.js";
import { describeTopology } from "../kind/layout.js";
import { cacheDir, outputPaths, projectRoot, type OutputPaths } from "../paths.js";
import { dockerPreflightDeps, preflight, type DrillSize } from "../preflight.js";
import { RUN_LABEL, RunState } from "../run-state.js";
import { sweepLeftovers, sweepRun, type SweepDeps } from "../sweeper.js";
import { loadToolchain, type Toolchain } from "../toolchain.js";
import { removeLabelledContainers } from "../workload/reaper.js";
import type { RunRequest } from "./options.js";

const MOCHA = join(projectRoot, "node_modules", "mocha", "bin", "mocha.js");

/**
 * runDrills is `npm run drill`: check the machine, sweep earlier leftovers, run the drills
 * under mocha + allure-mocha, sweep this run, build the HTML reports and print the summary.
 * Returns the exit code: 0 only when every drill passed and the reports were written, 2 when
 * preflight found the machine unfit before any cluster was made.
 */
export async function runDrills(request: RunRequest, drills: readonly PlannedDrill[], log = console.log): Promise<number> {
  const toolchain = loadToolchain({ imageOverride: request.image });
  const docker = new Docker();
  const sizes: DrillSize[] = drills.map((d) => ({ name: d.id, nodes: d.topology.controlPlanes + d.topology.workers }));
  const problems = await preflight({ toolchain, drills: sizes, keepClusters: request.keepCluster }, dockerPreflightDeps(docker));
  if (problems.length > 0) {
    for (const problem of problems) log(`preflight: ${problem}`);
    return 2;
  }
  const root = cacheDir();
  const kind = new KindCli(toolchain.kind);
  const deps = sweepDeps(kind, docker, log);
  const swept = await sweepLeftovers(root, deps);
  if (swept.deleted.length > 0) log(`swept ${swept.deleted.length} cluster(s) left by earlier kubedrill runs: ${swept.deleted.join(", ")}`);

  const { state, lock } = await RunState.start(root);
  await using _liveness = lock;
  const paths = outputPaths();
  for (const dir of [paths.results, paths.drills]) rmSync(dir, { recursive: true, force: true });
  mkdirSync(paths.outDir, { recursive: true }); // a fresh KUBEDRILL_OUT: the summary goes there even if no drill ran
  const plan: RunPlan = {
    runId: state.runId,
    stateRoot: root,
    outDir: paths.outDir,
    drills: [...drills],
    toolchain,
    keepCluster: request.keepCluster,
    breakOnly: request.breakOnly,
    keepOnFailure: request.keepOnFailure,
    failOnRegression: request.failOnRegression,
    timeouts: request.timeouts,
  };
  const startedAt = new Date().toISOString();
  log(`kubedrill run ${state.runId}: ${drills.map((d) => d.id).join(", ")}`);
  using interrupts = watchInterrupts({ exit: (code) => exitAtOnce(code) });
  const mochaExit = await runMocha(writeRunPlan(state, plan), paths.results, interrupts.signal);
  await sweepRun(state, deps); // backstop: anything the drill process could not delete

  const reports = readDrillReports(paths.drills);
  const summary = summarize(state.runId, drills, reports, paths);
  const proofs = await publishProofs(drills, reports, state, paths, log);
  writeFileSync(paths.summary, JSON.stringify({ ...summary, ...(proofs.length > 0 ? { proofs } : {}), details: reports }, null, 2));
  publishRun(summary, reports, paths, startedAt);
  writeResultExtras(paths.results, paths.report, await environment(kind, toolchain, drills, reports), executor());
  let reportFailure: unknown;
  try {
    await generateReport(paths.results, paths.report, false);
    await generateReport(paths.results, paths.singleFile, true);
  } catch (error) {
    reportFailure = error;
  }
  log(`\n${renderSummary(summary)}`);
  if (reportFailure) log(`\n${(reportFailure as Error).message}`);
  if (interrupts.signal.aborted) return EXIT_CODES[(interrupts.signal.reason as Interrupt).signalName];
  return summary.passed && mochaExit === 0 && !reportFailure ? 0 : 1;
}

/**
 * publishProofs prints the proof matrix of each proved scenario and rewrites its verified
 * runbook (from the drill that ran it twice) with the proof marks.
 */
async function publishProofs(drills: readonly PlannedDrill[], reports: readonly DrillReport[], state: RunState, paths: OutputPaths, log: (line: string) => void): Promise<ProofMatrix[]> {
  const proved = [...new Set(drills.filter((d) => d.proof).map((d) => d.scenario))];
  if (proved.length === 0) return [];
  const registry = await loadScenarios();
  return proved.map((name) => {
    const scenario = registry.select([name])[0]!;
    const twice = drills.find((d) => d.scenario === name && d.proof?.kind === "idempotency")!;
    const layout = state.layoutFor(twice.key, twice.topology);
    const matrix = proofMatrix(scenario, layout, reports);
    log(`\n${renderProofMatrix(matrix)}`);
    const verified = reports.find((r) => r.drill === twice.id && r.verdict.status === "passed");
    if (verified) {
      mkdirSync(paths.runbooks, { recursive: true });
      writeFileSync(join(paths.runbooks, `${fileNameOf(name)}.md`), renderRunbook({ scenario, layout, report: verified, runId: state.runId, proofs: stepProofs(matrix) }));
    }
    return matrix;
  });
}

/** The drill process, while it runs: a second interrupt stops it too before this process exits. */
let drillProcess: ResultPromise | undefined;

function exitAtOnce(code: number): void {
  drillProcess?.kill("SIGKILL");
  process.exit(code);
}

/**
 * runMocha runs the drill suite in its own process group, so a terminal's Ctrl-C reaches it
 * once, from here: the first interrupt is passed on and the drill process cleans up (deleting
 * its cluster) while this process waits, then sweeps and reports.
 */
async function runMocha(planFile: string, resultsDir: string, interrupted: AbortSignal): Promise<number> {
  const reporter = ["--reporter-option", `resultsDir=${resultsDir}`, "--reporter-option", "extraReporters=spec"];
  drillProcess = execa(process.execPath, [MOCHA, "--config", join(projectRoot, ".mocharc.json"), ...reporter], {
    cwd: projectRoot,
    env: { [RUN_PLAN_ENV]: planFile },
    stdio: "inherit",
    detached: true,
    reject: false,
    // Its cleanup (deleting the cluster) must not be cut short after an interrupt; a second one kills it.
    forceKillAfterDelay: false,
  });
  const pass = () => drillProcess?.kill((interrupted.reason as Interrupt).signalName);
  interrupted.addEventListener("abort", pass, { once: true });
  try {
    return (await drillProcess).exitCode ?? 1;
  } finally {
    interrupted.removeEventListener("abort", pass);
    drillProcess = undefined;
  }
}

function sweepDeps(kind: KindCli, docker: Docker, log: (line: string) => void): SweepDeps {
  return {
    listClusters: () => kind.getClusters(),
    deleteCluster: (name, kubeconfig) => kind.deleteCluster(name, kubeconfig),
    deleteCommand: (name, kubeconfig) => kind.deleteCommand(name, kubeconfig),
    removeHelperContainers: (runId) => removeLabelledContainers(docker, RUN_LABEL, runId),
    log,
  };
}

/** environment is the Allure environment panel: versions, images and topologies. */
async function environment(kind: KindCli, toolchain: Toolchain, drills: readonly PlannedDrill[], reports: DrillReport[]) {
  const served = reports.map((r) => r.kubernetesVersion).find(Boolean);
  const info: Record<string, string> = {
    "kind.version": await kind.version().catch(() => toolchain.kindVersion),
    "kubernetes.version": served ?? toolchain.kubernetesVersion,
    "node.image": toolchain.nodeImage ?? "kind default",
    "workload.image": toolchain.workloadImage,
    offline: String(toolchain.offline),
    "node.js": process.version,
  };
  for (const d of drills) info[`topology.${d.id}`] = describeTopology(d.topology);
  return info;
}
