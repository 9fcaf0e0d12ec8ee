/**
 * The drill suite: one mocha test (one Allure test) per planned drill. Started by
 * `npm run drill`, which writes the run plan it reads.
 */
import * as allure from "allure-js-commons";
import Docker from "dockerode";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConsoleProgress } from "../harness/drill/console-progress.js";
import { readRunPlan } from "../harness/drill/plan.js";
import { fileNameOf, writeDrillReport, type DrillReport } from "../harness/drill/report.js";
import { runDrill } from "../harness/drill/runner.js";
import { verdictError } from "../harness/drill/verdict.js";
import { KindClusterProvider } from "../harness/kind/cluster.js";
import { KindCli } from "../harness/kind/kind-cli.js";
import { outputPaths } from "../harness/paths.js";
import { RunState } from "../harness/run-state.js";
import { loadScenarios } from "../harness/scenario/registry.js";
import { configureReaper } from "../harness/workload/reaper.js";
import { watchInterrupts } from "../harness/drill/interrupts.js";
import { AssertionError } from "chai";
import type { PlannedDrill } from "../harness/drill/drills.js";
import { judgeProof, resolveInterruption, stepRole, stepTimings, timesWholeRunbook, type StepTimings } from "../harness/drill/proof.js";
import type { ClusterLayout } from "../harness/kind/layout.js";
import type { Scenario } from "../harness/scenario/define.js";
import { AllureObserver } from "./allure-observer.js";
import { labelDrill } from "./allure-labels.js";
import { readHistory, regressionOf } from "./history.js";
import { historyEntry } from "./history-entry.js";
import { renderRecoveryTimeline } from "./recovery-timeline.js";
import { renderRunbook } from "./runbook.js";
import { renderTrendSvg } from "./trend-chart.js";

const plan = readRunPlan();
const registry = await loadScenarios();
const docker = new Docker();
const state = RunState.open(plan.stateRoot, plan.runId);
// This process counts as the run being alive (a sweep leaves the run alone) for as long as it lives.
const liveness = await state.holdLiveness();
// One interrupt stops the drill in flight (which still releases its cluster) and skips the rest.
const interrupts = watchInterrupts();
const provider = new KindClusterProvider({
  kind: new KindCli(plan.toolchain.kind, { log: (line) => process.stdout.write(`      kind: ${line}\n`) }),
  docker,
  state,
  timeouts: { createMs: plan.timeouts.createMs, commandMs: plan.timeouts.commandMs, imageLoadMs: plan.timeouts.imageLoadMs },
});
const paths = outputPaths(plan.outDir);

/** The times of the last drill of each scenario in this run: where a later resumability drill cuts. */
const timed = new Map<string, StepTimings>();
const resumabilityOrdinal = new Map<string, number>();

/** resolve fixes where a resumability drill cuts, from the times of an earlier drill of the same runbook. */
function resolve(drill: PlannedDrill, scenario: Scenario, layout: ClusterLayout): PlannedDrill {
  if (drill.proof?.kind !== "resumability" || drill.proof.interrupt) return drill;
  const ordinal = resumabilityOrdinal.get(drill.scenario) ?? 0;
  resumabilityOrdinal.set(drill.scenario, ordinal + 1);
  const waits = (name: string) => scenario.recovery(layout).find((s) => s.name === name)?.plan(layout).map((op) => op.manual.kind === "wait") ?? [];
  return { ...drill, proof: resolveInterruption(drill.proof, ordinal, timed.get(drill.scenario) ?? new Map(), waits) };
}

/** judgeDrill adds what the run judges beyond the drill: a regression, or what a proof drill showed. */
function judgeDrill(report: DrillReport, drill: PlannedDrill, scenario: Scenario, layout: ClusterLayout): DrillReport {
  if (!drill.proof) return drill.skipSteps.length > 0 || report.brokenOnly ? report : judgeRegression(report);
  const step = scenario.recovery(layout).find((s) => s.name === (drill.proof as { step?: string }).step);
  const outcome = judgeProof(drill.proof, report, step ? stepRole(step, layout) : "repair");
  return { ...report, proof: { kind: drill.proof.kind, ...(step ? { step: step.name } : {}), ...outcome } };
}

/**
 * judgeRegression compares the drill with its recent passing runs; with --fail-on-regression
 * a drill that recovered but much more slowly than usual fails in its own category.
 */
function judgeRegression(report: DrillReport): DrillReport {
  const history = readHistory(paths.history);
  const { flagged, note } = regressionOf(history, historyEntry(report, plan.runId));
  const judged: DrillReport = { ...report, regression: { flagged, note } };
  if (flagged && plan.failOnRegression && report.verdict.status === "passed") judged.verdict = { status: "failed", category: "regression", message: `[regression] ${note}` };
  return judged;
}

describe("kubedrill", function () {
  // Every wait inside a drill has its own timeout; mocha's would only cut cleanup short.
  this.timeout(0);

  before(async () => {
    await configureReaper(docker);
  });

  after(async () => {
    interrupts.dispose();
    await liveness.release();
  });

  for (let drill of plan.drills) {
    it(drill.id, async function () {
      if (interrupts.signal.aborted) this.skip(); // interrupted before this drill began
      const scenario = registry.select([drill.scenario])[0]!;
      const layout = state.layoutFor(drill.key, drill.topology);
      drill = resolve(drill, scenario, layout);
      if (drill.proof) await allure.parameter("proof", drill.id);
      await labelDrill(scenario, layout, plan.toolchain, drill.skipSteps);
      process.stdout.write(`\n  ▶ ${drill.id}: ${scenario.breaks}\n`);
      const env = { plan, state, provider, docker, signal: interrupts.signal };
      const report = judgeDrill(await runDrill(scenario, drill, env, [new ConsoleProgress(), new AllureObserver()]), drill, scenario, layout);
      if (report.verdict.status === "passed" && timesWholeRunbook(drill)) timed.set(drill.scenario, stepTimings(report));
      writeDrillReport(paths.drills, report);
      await allure.attachment("recovery timeline", renderRecoveryTimeline(report), "text/plain");
      if (report.verdict.status === "passed" && drill.skipSteps.length === 0) {
        // With --break-only the runbook is the one to follow on the kept cluster (its node names, no times yet).
        const runbook = renderRunbook({ scenario, layout, report, runId: plan.runId });
        mkdirSync(paths.runbooks, { recursive: true });
        writeFileSync(join(paths.runbooks, `${fileNameOf(report.drill)}.md`), runbook);
        await allure.attachment("verified runbook", runbook, "text/markdown");
      }
      await allure.attachment("recovery trend", renderTrendSvg([...readHistory(paths.history), historyEntry(report, plan.runId)], report.drill), "image/svg+xml");
      await allure.attachment("drill summary", JSON.stringify(report, null, 2), "application/json");
      // A proof drill passes when it showed what it was expected to show (a necessity drill must fail).
      if (report.proof) {
        if (!report.proof.holds) throw new AssertionError(`[proof] ${report.proof.summary}`);
        return;
      }
      const failure = verdictError(report.verdict);
      if (failure) throw failure;
    });
  }
});
