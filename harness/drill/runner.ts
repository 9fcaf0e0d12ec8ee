import type Docker from "dockerode";
import { randomUUID } from "node:crypto";
import { systemClock, type Clock } from "../clock.js";
import type { Stage } from "../errors.js";
import type { DrillCluster, KindClusterProvider } from "../kind/cluster.js";
import { kindArgs } from "../kind/kind-cli.js";
import type { ClusterLayout } from "../kind/layout.js";
import { KubeClients } from "../kube/clients.js";
import { runOperations } from "../ops/operation.js";
import { pollUntil } from "../poll.js";
import type { RunState } from "../run-state.js";
import { expectationsFor, type Expectations, type Scenario } from "../scenario/define.js";
import { renderArgv } from "../shell.js";
import { captureBaseline, type Baseline } from "../verify/baseline.js";
import { nodesReady } from "../verify/cluster-checks.js";
import { failedExpectations, renderChecks, runChecks, verificationChecks, type CheckResult } from "../verify/index.js";
import { recoveryMilestones } from "../verify/milestones.js";
import { captureSnapshot, renderSnapshot } from "../verify/snapshot.js";
import type { AvailabilityReport } from "../workload/availability.js";
import { SENTINEL } from "../workload/manifests.js";
import { Prober } from "../workload/prober.js";
import { assertSentinelsReady, deploySentinels } from "../workload/sentinels.js";
import { operationContext } from "./context.js";
import { attachDiagnostics } from "./diagnostics.js";
import { onInterrupt } from "./interrupts.js";
import { Journal } from "./journal.js";
import type { DrillObserver } from "./observer.js";
import { topologyFor, type RunPlan } from "./plan.js";
import type { DrillReport } from "./report.js";
import { Timeline } from "./timeline.js";
import { verdictFor } from "./verdict.js";

export interface DrillEnvironment {
  plan: RunPlan;
  state: RunState;
  provider: KindClusterProvider;
  docker: Docker;
  clock?: Clock;
}

/**
 * runDrill runs one scenario end to end: create a cluster, deploy sentinels and record a
 * baseline, break it, run the recovery plan, wait for the milestones, verify every
 * expectation, then delete (or keep) the cluster. It never throws: the verdict is in the report.
 */
export async function runDrill(scenario: Scenario, env: DrillEnvironment, observers: readonly DrillObserver[]): Promise<DrillReport> {
  return new Drill(scenario, env, observers).run();
}

class Drill {
  private readonly clock: Clock;
  private readonly plan: RunPlan;
  private readonly layout: ClusterLayout;
  private readonly expectations: Expectations;
  private readonly journal: Journal;
  private readonly webReplicas: number;
  private cluster?: DrillCluster;
  private kube?: KubeClients;
  private prober?: Prober;
  private availability?: AvailabilityReport;
  private checks: CheckResult[] = [];
  private kubernetesVersion?: string;
  private keptCluster?: string;

  constructor(
    private readonly scenario: Scenario,
    private readonly env: DrillEnvironment,
    observers: readonly DrillObserver[],
  ) {
    this.clock = env.clock ?? systemClock;
    this.plan = env.plan;
    this.layout = env.state.layoutFor(scenario.name, topologyFor(scenario.topology, env.plan.topology));
    this.expectations = expectationsFor(scenario, this.layout);
    this.journal = new Journal(new Timeline(this.clock), observers);
    this.webReplicas = Math.max(1, this.layout.workers.length);
  }

  async run(): Promise<DrillReport> {
    const startedAt = new Date(this.clock.now()).toISOString();
    const release = onInterrupt(() => this.abandon());
    let error: unknown;
    try {
      await this.execute();
    } catch (failure) {
      error = failure;
      const cluster = this.cluster;
      if (cluster) await this.journal.phase("collect diagnostics", "teardown", "infrastructure", () => attachDiagnostics(cluster, this.journal));
    }
    await this.finish(error !== undefined);
    release();
    const timeline = this.journal.timeline;
    return {
      scenario: this.scenario.name,
      cluster: this.layout.cluster,
      topology: this.layout.topology,
      nodeImage: this.plan.toolchain.nodeImage,
      kubernetesVersion: this.kubernetesVersion,
      startedAt,
      durationMs: timeline.elapsedMs(),
      verdict: verdictFor(error),
      phases: timeline.records(),
      timeToRecoveryMs: timeline.timeToRecoveryMs(),
      budgetMs: this.expectations.budget.recoverySeconds * 1000,
      availability: this.availability,
      checks: this.checks,
      keptCluster: this.keptCluster,
    };
  }

  private async execute(): Promise<void> {
    const { journal, layout, plan, scenario } = this;
    const { cluster, kube } = await this.provision();
    const baseline = await this.prepare(cluster, kube);
    const sources = { cluster, kube, journal, clock: this.clock, timeouts: plan.timeouts };

    await journal.phase("break", "break", "infrastructure", () => runOperations(scenario.breakage(layout), operationContext(sources, "infrastructure")));
    const recoveryContext = operationContext(sources, "recovery");
    for (const step of scenario.recovery(layout)) {
      await journal.phase(`recover: ${step.name}`, "recover", "recovery", () => runOperations(step.plan(layout), recoveryContext));
    }
    for (const milestone of recoveryMilestones({ cluster, kube }, this.webReplicas)) {
      await journal.phase(milestone.name, "milestone", milestone.category, () => this.poll(milestone.name, milestone.reached, milestone.category));
    }
    await this.verify(cluster, kube, baseline);
  }

  private async provision(): Promise<{ cluster: DrillCluster; kube: KubeClients }> {
    const { journal, layout, plan } = this;
    const cluster = await journal.phase("create cluster", "setup", "infrastructure", () =>
      this.env.provider.create(this.scenario.name, layout.topology, plan.toolchain.nodeImage),
    );
    this.cluster = cluster;
    await journal.phase("load workload image", "setup", "infrastructure", () => cluster.loadImage(plan.toolchain.workloadImage));
    const kube = await journal.phase("nodes Ready after create", "setup", "infrastructure", async () => {
      const clients = new KubeClients(layout.kubeconfig);
      await this.poll("nodes Ready after create", nodesReady({ kube: clients, cluster }).run, "infrastructure");
      this.kubernetesVersion = (await clients.version.getCode()).gitVersion;
      return clients;
    });
    this.kube = kube;
    return { cluster, kube };
  }

  private async prepare(cluster: DrillCluster, kube: KubeClients): Promise<Baseline> {
    const { journal, plan } = this;
    await journal.phase("deploy sentinels", "setup", "infrastructure", async () => {
      await deploySentinels(kube, plan.toolchain.workloadImage, this.webReplicas, { nonce: randomUUID(), writtenAt: new Date().toISOString() });
      await this.poll("sentinels ready", () => assertSentinelsReady(kube, this.webReplicas), "infrastructure");
    });
    const baseline = await journal.phase("capture baseline", "setup", "infrastructure", () => captureBaseline(cluster, kube));
    await journal.attach("before: nodes, pods, certificate fingerprints", renderSnapshot(baseline.snapshot));
    const target = await cluster.node(this.layout.workers[0] ?? this.layout.primary).ipAddress();
    this.prober = await journal.phase("start prober", "setup", "infrastructure", () =>
      Prober.start(this.env.docker, {
        image: plan.toolchain.workloadImage,
        host: target,
        port: SENTINEL.nodePort,
        expect: SENTINEL.marker,
        runId: plan.runId,
        // Bounded: ends by itself even if kubedrill dies without stopping it.
        maxSeconds: this.expectations.budget.recoverySeconds + (4 * plan.timeouts.readyMs + plan.timeouts.settleMs) / 1000 + 600,
      }),
    );
    return baseline;
  }

  private async verify(cluster: DrillCluster, kube: KubeClients, baseline: Baseline): Promise<void> {
    const timeToRecoveryMs = this.journal.timeline.timeToRecoveryMs() ?? Number.POSITIVE_INFINITY;
    const availability = await this.stopProber();
    await this.journal.phase("verify expectations", "verify", "verification", async () => {
      const input = { cluster, kube, expectations: this.expectations, baseline, availability, timeToRecoveryMs };
      this.checks = await runChecks(verificationChecks(input), { settleMs: this.plan.timeouts.settleMs, clock: this.clock });
      await this.journal.attach("expectations", renderChecks(this.checks));
      const failure = failedExpectations(this.checks);
      if (failure) throw failure;
    });
  }

  private async stopProber(): Promise<AvailabilityReport> {
    const prober = this.prober!;
    this.prober = undefined;
    const { report, log } = await prober.stop();
    this.availability = report;
    await this.journal.attach("prober log (docker timestamps)", log);
    await this.journal.attach("availability", JSON.stringify(report, null, 2), "application/json");
    return report;
  }

  private async finish(failed: boolean): Promise<void> {
    if (this.prober) await this.stopProber().catch(() => undefined);
    const { cluster, kube } = this;
    if (!cluster) return;
    if (kube) {
      const after = await captureSnapshot(cluster, kube).catch((error: unknown) => `could not capture: ${(error as Error).message}`);
      await this.journal.attach("after: nodes, pods, certificate fingerprints", typeof after === "string" ? after : renderSnapshot(after));
    }
    if (this.plan.keepCluster || (this.plan.keepOnFailure && failed)) {
      cluster.keep();
      this.keptCluster = renderArgv(["kind", ...kindArgs.delete(cluster.name, this.layout.kubeconfig)]);
      this.journal.note(`kept cluster ${cluster.name} (KUBECONFIG=${this.layout.kubeconfig}); delete it with: ${this.keptCluster}`);
      return;
    }
    await this.journal
      .phase("delete cluster", "teardown", "infrastructure", () => cluster.delete())
      .catch((error: unknown) => this.journal.note(`could not delete ${cluster.name} (the next run sweeps it): ${(error as Error).message}`));
  }

  /** On Ctrl-C: stop the prober and delete the cluster unless the user asked to keep it. */
  private async abandon(): Promise<void> {
    await this.prober?.stop().catch(() => undefined);
    if (this.cluster && !this.plan.keepCluster) await this.cluster.delete();
  }

  private poll<T>(what: string, attempt: () => Promise<T>, stage: Stage): Promise<T> {
    return pollUntil(attempt, { what, timeoutMs: this.plan.timeouts.readyMs, stage, clock: this.clock });
  }
}
