/**
 * The drill suite: one mocha test (one Allure test) per selected scenario, generated from
 * the scenario registry. Started by `npm run drill`, which writes the run plan it reads.
 */
import * as allure from "allure-js-commons";
import Docker from "dockerode";
import { ConsoleProgress } from "../harness/drill/console-progress.js";
import { readRunPlan, topologyFor } from "../harness/drill/plan.js";
import { writeDrillReport } from "../harness/drill/report.js";
import { runDrill } from "../harness/drill/runner.js";
import { verdictError } from "../harness/drill/verdict.js";
import { KindClusterProvider } from "../harness/kind/cluster.js";
import { KindCli } from "../harness/kind/kind-cli.js";
import { outputPaths } from "../harness/paths.js";
import { RunState } from "../harness/run-state.js";
import { loadScenarios } from "../harness/scenario/registry.js";
import { configureReaper } from "../harness/workload/reaper.js";
import { AllureObserver } from "./allure-observer.js";
import { labelDrill } from "./allure-labels.js";

const plan = readRunPlan();
const scenarios = (await loadScenarios()).select(plan.scenarios);
const docker = new Docker();
const state = RunState.open(plan.stateRoot, plan.runId);
const provider = new KindClusterProvider({
  kind: new KindCli(plan.toolchain.kind, { log: (line) => process.stdout.write(`      kind: ${line}\n`) }),
  docker,
  state,
  timeouts: { createMs: plan.timeouts.createMs, commandMs: plan.timeouts.commandMs, imageLoadMs: plan.timeouts.imageLoadMs },
});
const drillsDir = outputPaths().drills;

describe("kubedrill", function () {
  // Every wait inside a drill has its own timeout; mocha's would only cut cleanup short.
  this.timeout(0);

  before(async () => {
    await configureReaper(docker);
  });

  for (const scenario of scenarios) {
    it(scenario.name, async () => {
      const layout = state.layoutFor(scenario.name, topologyFor(scenario.topology, plan.topology));
      await labelDrill(scenario, layout, plan.toolchain);
      process.stdout.write(`\n  ▶ ${scenario.name}: ${scenario.breaks}\n`);
      const report = await runDrill(scenario, { plan, state, provider, docker }, [new ConsoleProgress(), new AllureObserver()]);
      writeDrillReport(drillsDir, report);
      await allure.attachment("drill summary", JSON.stringify(report, null, 2), "application/json");
      const failure = verdictError(report.verdict);
      if (failure) throw failure;
    });
  }
});
