import Docker from "dockerode";
import { execa } from "execa";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateReport } from "../../reports/allure-cli.js";
import { writeResultExtras } from "../../reports/allure-files.js";
import { renderSummary, summarize } from "../../reports/summary.js";
import { RUN_PLAN_ENV, topologyFor, writeRunPlan, type RunPlan } from "../drill/plan.js";
import { readDrillReports, type DrillReport } from "../drill/report.js";
import { KindCli } from "../kind/kind-cli.js";
import { describeTopology } from "../kind/layout.js";
import { cacheDir, outputPaths, projectRoot } from "../paths.js";
import { dockerPreflightDeps, preflight, type DrillSize } from "../preflight.js";
import { RUN_LABEL, RunState } from "../run-state.js";
import type { Scenario } from "../scenario/define.js";
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
export async function runDrills(request: RunRequest, scenarios: readonly Scenario[], log = console.log): Promise<number> {
  const toolchain = loadToolchain({ imageOverride: request.image });
  const docker = new Docker();
  const drills: DrillSize[] = scenarios.map((s) => {
    const { controlPlanes, workers } = topologyFor(s.topology, request.topology);
    return { name: s.name, nodes: controlPlanes + workers };
  });
  const problems = await preflight({ toolchain, drills, keepClusters: request.keepCluster }, dockerPreflightDeps(docker));
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
  const plan: RunPlan = {
    runId: state.runId,
    stateRoot: root,
    scenarios: scenarios.map((s) => s.name),
    topology: request.topology,
    toolchain,
    keepCluster: request.keepCluster,
    keepOnFailure: request.keepOnFailure,
    timeouts: request.timeouts,
  };
  log(`kubedrill run ${state.runId}: ${plan.scenarios.join(", ")}`);
  const mochaExit = await runMocha(writeRunPlan(state, plan));
  await sweepRun(state, deps); // backstop: anything the drill process could not delete

  const reports = readDrillReports(paths.drills);
  const summary = summarize(state.runId, plan.scenarios, reports, paths);
  writeFileSync(paths.summary, JSON.stringify({ ...summary, details: reports }, null, 2));
  writeResultExtras(paths.results, paths.report, await environment(kind, toolchain, scenarios, reports, request));
  let reportFailure: unknown;
  try {
    await generateReport(paths.results, paths.report, false);
    await generateReport(paths.results, paths.singleFile, true);
  } catch (error) {
    reportFailure = error;
  }
  log(`\n${renderSummary(summary)}`);
  if (reportFailure) log(`\n${(reportFailure as Error).message}`);
  return summary.passed && mochaExit === 0 && !reportFailure ? 0 : 1;
}

/** runMocha runs the drill suite; Ctrl-C reaches mocha, which cleans up, while this process waits. */
async function runMocha(planFile: string): Promise<number> {
  const ignore = () => undefined;
  process.on("SIGINT", ignore);
  try {
    const result = await execa(process.execPath, [MOCHA, "--config", join(projectRoot, ".mocharc.json")], {
      cwd: projectRoot,
      env: { [RUN_PLAN_ENV]: planFile },
      stdio: "inherit",
      reject: false,
    });
    return result.exitCode ?? 1;
  } finally {
    process.off("SIGINT", ignore);
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
async function environment(kind: KindCli, toolchain: Toolchain, scenarios: readonly Scenario[], reports: DrillReport[], request: RunRequest) {
  const served = reports.map((r) => r.kubernetesVersion).find(Boolean);
  const info: Record<string, string> = {
    "kind.version": await kind.version().catch(() => toolchain.kindVersion),
    "kubernetes.version": served ?? toolchain.kubernetesVersion,
    "node.image": toolchain.nodeImage ?? "kind default",
    "workload.image": toolchain.workloadImage,
    offline: String(toolchain.offline),
    "node.js": process.version,
  };
  for (const s of scenarios) {
    info[`topology.${s.name}`] = describeTopology(topologyFor(s.topology, request.topology));
  }
  return info;
}
