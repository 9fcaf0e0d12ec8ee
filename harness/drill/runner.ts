import type Docker from "dockerode";
import { randomUUID } from "node:crypto";
import { systemClock, type Clock } from "../clock.js";
import { confirmDamage, recordUndamaged, type DamageReport } from "../damage/symptom.js";
import { abortReason } from "../abort.js";
import { DrillError, isDrillError, type Stage } from "../errors.js";
import type { DrillCluster, KindClusterProvider } from "../kind/cluster.js";
import { kindArgs } from "../kind/kind-cli.js";
import type { ClusterLayout } from "../kind/layout.js";
import { KubeClients } from "../kube/clients.js";
import { runOperations, type OpContext } from "../ops/operation.js";
import { pollUntil } from "../poll.js";
import type { RunState } from "../run-state.js";
import { damageSymptoms, expectationsFor, type Expectations, type Scenario } from "../scenario/define.js";
import { renderArgv } from "../shell.js";
import { captureBaseline, type Baseline } from "../verify/baseline.js";
import { runPass, type Check } from "../verify/check.js";
import { nodesFreshAndReady } from "../verify/cluster-checks.js";
import { drillJudgments } from "../verify/drill-checks.js";
import { failedExpectations, verificationPlan, verifyTogether, type CheckResult, type VerifyInput } from "../verify/index.js";
import type { DataPlane } from "../verify/input.js";
import { recoveryMilestones } from "../verify/milestones.js";
import { captureSnapshot, renderSnapshot } from "../verify/snapshot.js";
import type { MilestoneObservation } from "../watch/track.js";
import { RecoveryWatcher } from "../watch/watcher.js";
import type { AvailabilityReport } from "../workload/availability.js";
import { SENTINEL } from "../workload/manifests.js";
import { Prober } from "../workload/prober.js";
import { assertSentinelsReady, deploySentinels, writeLateRecord } from "../workload/sentinels.js";
import { approveKubeletServing } from "../kube/serving-csrs.js";
import { readLateRecord } from "../verify/workload-checks.js";
import { operationContext, type OpContextSources } from "./context.js";
import type { Proof } from "./proof.js";
import type { RecoveryStep } from "../../recovery/step.js";
import { attachDiagnostics } from "./diagnostics.js";
import { Journal } from "./journal.js";
import type { DrillObserver } from "./observer.js";
import type { PlannedDrill } from "./drills.js";
import type { RunPlan } from "./plan.js";
import { BETWEEN_PHASES, interruptedMessage, type DrillReport, type Interruption } from "./report.js";
import { Timeline } from "./timeline.js";
import { verdictFor } from "./verdict.js";

export interface DrillEnvironment {
  plan: RunPlan;
  state: RunState;
  provider: KindClusterProvider;
  docker: Docker;
  clock?: Clock;
  /** Aborts on the first interrupt: the work in flight stops, the cluster is still released. */
  signal?: AbortSignal;
}

/** How long the prober may take to show a sample after the final verification. */
const PROBER_TAIL_MS = 15_000;

/**
 * runDrill runs one scenario end to end: create a cluster, deploy sentinels and record a
 * baseline, break it, confirm the damage, run the runbook while a watcher observes the
 * milestones from outside, verify everything in one final pass, judge availability and
 * budgets, then delete (or keep) the cluster. It never throws: the verdict is in the report.
 */
export async function runDrill(scenario: Scenario, drill: PlannedDrill, env: DrillEnvironment, observers: readonly DrillObserver[]): Promise<DrillReport> {
  return new Drill(scenario, drill, env, observers).run();
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
  /** The watcher's own clients: short request timeouts, so a hung API server is a false sample, not a pile of requests. */
  private watchKube?: KubeClients;
  private prober?: Prober;
  private watcher?: RecoveryWatcher;
  private availability?: AvailabilityReport;
  private damage?: DamageReport;
  private milestones: MilestoneObservation[] = [];
  private results: CheckResult[] = [];
  private healthyAt?: number;
  /** Each operation's time, per pass of the runbook. */
  private operations: NonNullable<DrillReport["operations"]> = [];
  private secondPassMs?: number;
  private interruption?: DrillReport["interruption"];
  private recoveryPoint?: DrillReport["recoveryPoint"];
  /** Each node's address on the cluster's Docker network. */
  private addresses = new Map<string, string>();
  /** Requests from the prober's container, which sits where the prober measures availability. */
  private readonly dataPlane: DataPlane = {
    get: async (node, port) => {
      const host = this.addresses.get(node);
      return host && this.prober ? this.prober.get(host, port) : "";
    },
  };
  private verificationPasses?: DrillReport["verificationPasses"];
  private kubernetesVersion?: string;
  private keptCluster?: string;

  constructor(
    private readonly scenario: Scenario,
    private readonly drill: PlannedDrill,
    private readonly env: DrillEnvironment,
    observers: readonly DrillObserver[],
  ) {
    this.clock = env.clock ?? systemClock;
    this.plan = env.plan;
    this.layout = env.state.layoutFor(drill.key, drill.topology);
    this.expectations = expectationsFor(scenario, this.layout);
    this.journal = new Journal(new Timeline(this.clock), observers);
    this.webReplicas = Math.max(1, this.layout.workers.length);
  }

  async run(): Promise<DrillReport> {
    const startedAt = new Date(this.clock.now()).toISOString();
    let error: unknown;
    try {
      await this.execute();
    } catch (failure) {
      error = failure;
      const cluster = this.cluster;
      if (cluster && !this.interrupted) await this.journal.phase("collect diagnostics", "teardown", "infrastructure", () => attachDiagnostics(cluster, this.journal)).catch(() => undefined);
    }
    await this.finish(error !== undefined).catch((failure: unknown) => console.error(`cleanup of ${this.layout.cluster} failed: ${(failure as Error).message}`));
    return this.report(startedAt, error);
  }

  /** Set once an interrupt reached the drill: which signal, and the phase it stopped. */
  private get interrupted(): Interruption | undefined {
    const signal = this.env.signal;
    if (!signal?.aborted) return undefined;
    const stopped = this.journal.timeline.records().filter((p) => p.status === "failed").at(0);
    return { signal: abortReason(signal), during: stopped?.name ?? BETWEEN_PHASES };
  }

  private async execute(): Promise<void> {
    const { journal, layout, plan, scenario } = this;
    const { cluster, kube } = await this.provision();
    const baseline = await this.prepare(cluster, kube);
    const access = { cluster, kube };
    const sources = { cluster, kube: [kube, this.watchKube!], journal, clock: this.clock, timeouts: plan.timeouts, signal: this.env.signal };

    if (scenario.prepare) {
      await journal.phase("prepare (the scenario's own)", "setup", "infrastructure", () => runOperations(scenario.prepare!(layout), operationContext(sources, "infrastructure")));
    }
    const lateRecord = await journal.phase("write the late record", "setup", "infrastructure", () => writeLateRecord(kube));
    const preparedAt = this.clock.now();
    const symptoms = damageSymptoms(scenario, layout);
    const undamaged = await journal.phase("record the undamaged state", "setup", "infrastructure", () => recordUndamaged(symptoms, access));
    await journal.phase("break", "break", "infrastructure", () => runOperations(scenario.breakage(layout), operationContext(sources, "infrastructure")));
    const broke = journal.timeline.breakage()!;

    const input: VerifyInput = {
      cluster,
      kube,
      expectations: this.expectations,
      baseline,
      since: broke.endAt,
      webReplicas: this.webReplicas,
      lateRecord,
      kubeletServingCertificates: scenario.cluster?.kubeletServingCertificates ?? false,
      custom: (scenario.checks?.(layout) ?? []).map((c) => ({ name: c.name, run: () => c.run({ kube, node: (name) => cluster.node(name), layout, since: broke.endAt }) })),
      dataPlane: this.dataPlane,
    };
    const verification = verificationPlan(input);
    this.watcher = RecoveryWatcher.start(recoveryMilestones({ ...input, kube: this.watchKube! }), { origin: broke.endAt, clock: this.clock });

    this.damage = await journal.phase("confirm the damage", "damage", "breakage", () =>
      confirmDamage(symptoms, undamaged, access, { origin: broke.endAt, timeoutMs: plan.timeouts.damageMs, clock: this.clock, signal: this.env.signal }),
    );
    await journal.attach("damage evidence", this.damage.symptoms.map((s) => `+${(s.seenAfterMs / 1000).toFixed(1)}s ${s.name}\n    ${s.evidence}`).join("\n"));
    if (plan.breakOnly) return; // the cluster stays broken, for a person to recover by hand

    try {
      await this.runRunbook(sources);
    } catch (failure) {
      throw await this.withWhatIsNotRecovered(failure, verification.checks);
    }

    await journal.phase("verify", "verify", "verification", async () => {
      const outcome = await verifyTogether(verification.checks, { settleMs: plan.timeouts.settleMs, intervalMs: 1000, clock: this.clock, signal: this.env.signal });
      this.healthyAt = outcome.healthyAt;
      this.verificationPasses = outcome.log.map((pass) => ({ afterMs: pass.at - broke.endAt, failed: pass.failed }));
      // The window ends at the final verification, or at giving up on it: the prober must see past either.
      const windowEnd = outcome.healthyAt ?? this.clock.now();
      this.milestones = await this.watcher!.stop({ at: this.clock.now(), results: outcome.results });
      const availability = await this.stopProber(windowEnd);
      const judgments = await runPass(
        drillJudgments({
          expectations: this.expectations,
          availability,
          window: { from: broke.startAt, to: windowEnd },
          timeToRecoveryMs: this.timeToRecoveryMs(),
          milestones: this.milestones,
        }),
      );
      this.results = [...outcome.results, ...judgments];
      if (this.expectations.dataLoss === "since-prepare") {
        const lost = (await readLateRecord(kube).catch(() => lateRecord)) === undefined;
        this.recoveryPoint = { sincePreparationMs: broke.startAt - preparedAt, lost: lost ? [`ConfigMap ${SENTINEL.namespace}/${SENTINEL.lateRecord}`] : [] };
      }
      await journal.expectations(this.results);
      const failure = failedExpectations(this.results);
      if (failure) throw failure;
    });
  }

  /**
   * runRunbook runs the recovery steps, as the drill's proof asks: once; twice in a row
   * (idempotency); or cut inside one step, as if the operator's shell died, and then again
   * from the start (resumability). Each pass gets fresh captures, as a new shell would.
   */
  private async runRunbook(sources: OpContextSources): Promise<void> {
    const proof = this.drill.proof;
    const steps = this.scenario.recovery(this.layout);
    const pass = async (number: number, label: string, cut?: Extract<Proof, { kind: "resumability" }>) => {
      const ctx = operationContext(sources, "recovery");
      for (const step of steps) {
        const name = `recover: ${step.name}${label}`;
        if (this.drill.skipSteps.includes(step.name)) {
          await this.journal.skipped(name, "recover", "recovery");
        } else if (cut?.step === step.name) {
          await this.journal.phase(`${name} (cut, as if the shell died)`, "recover", "recovery", () => this.cutStep(step, ctx, cut));
          return;
        } else {
          await this.journal.phase(name, "recover", "recovery", () => this.runStep(step, number, ctx));
        }
      }
    };
    if (proof?.kind === "resumability") {
      await pass(1, "", proof);
      await pass(2, " (rerun)");
    } else if (proof?.kind === "idempotency") {
      await pass(1, "");
      const firstEnded = this.clock.now();
      await pass(2, " (again)");
      this.secondPassMs = this.clock.now() - firstEnded;
    } else {
      await pass(1, "");
    }
  }

  /** runStep runs one step's operations in order, timing each (the times place a later drill's interruption). */
  private async runStep(step: RecoveryStep, pass: number, ctx: OpContext): Promise<void> {
    for (const [index, op] of step.plan(this.layout).entries()) {
      const started = this.clock.now();
      await op.run(ctx);
      this.operations.push({ step: step.name, pass, index, durationMs: this.clock.now() - started });
    }
  }

  /**
   * cutStep runs a step until its operation `cut.op` has run `cut.afterMs`, then aborts it:
   * the command in flight is killed inside its node and the rest of the step never runs.
   */
  private async cutStep(step: RecoveryStep, ctx: OpContext, cut: Extract<Proof, { kind: "resumability" }>): Promise<void> {
    const { op: at, afterMs } = cut.interrupt!;
    const ops = step.plan(this.layout);
    for (const op of ops.slice(0, at)) await op.run(ctx);
    const death = this.clock.timeout(afterMs);
    const started = this.clock.now();
    let finished = true;
    try {
      await ops[at]!.run({ ...ctx, signal: ctx.signal ? AbortSignal.any([ctx.signal, death]) : death });
    } catch (error) {
      if (!death.aborted || ctx.signal?.aborted) throw error;
      finished = false;
    }
    const ranMs = finished ? { ranMs: this.clock.now() - started } : {};
    this.interruption = { step: step.name, op: at, afterMs, partWay: !finished || at < ops.length - 1, ...ranMs };
  }

  /**
   * When a runbook step fails, one verification pass says what is not recovered at that
   * moment: the failure names the step and the expectations still unmet.
   */
  private async withWhatIsNotRecovered(failure: unknown, checks: readonly Check[]): Promise<unknown> {
    if (!isDrillError(failure)) return failure;
    this.results = await runPass(checks);
    await this.journal.expectations(this.results);
    const unmet = this.results.filter((r) => !r.passed).map((r) => r.name);
    if (unmet.length === 0) return failure;
    return new DrillError(`${failure.summary}\nnot recovered when the step failed: ${unmet.join("; ")}`, { ...failure.command, stage: failure.stage, hint: failure.hint, cause: failure });
  }

  private async provision(): Promise<{ cluster: DrillCluster; kube: KubeClients }> {
    const { journal, layout, plan } = this;
    const cluster = await journal.phase("create cluster", "setup", "infrastructure", () =>
      this.env.provider.create(this.drill.key, layout.topology, plan.toolchain.nodeImage, this.scenario.cluster, this.env.signal),
    );
    this.cluster = cluster;
    const createdAt = this.clock.now();
    await journal.phase("load workload image", "setup", "infrastructure", () => cluster.loadImage(plan.toolchain.workloadImage));
    const kube = await journal.phase("nodes Ready after create", "setup", "infrastructure", async () => {
      const clients = new KubeClients(layout.kubeconfig);
      await this.poll("nodes Ready after create", nodesFreshAndReady({ kube: clients, cluster, since: createdAt }, "the cluster was created").run, "infrastructure");
      this.kubernetesVersion = (await clients.version.getCode()).gitVersion;
      return clients;
    });
    if (this.scenario.cluster?.kubeletServingCertificates) {
      await journal.phase("approve kubelet serving certificates", "setup", "infrastructure", () =>
        this.poll("kubelet serving certificates issued", () => approveKubeletServing(kube, layout.nodes), "infrastructure"),
      );
    }
    this.kube = kube;
    this.watchKube = new KubeClients(layout.kubeconfig, 4000);
    return { cluster, kube };
  }

  private async prepare(cluster: DrillCluster, kube: KubeClients): Promise<Baseline> {
    const { journal, plan } = this;
    await journal.phase("deploy sentinels", "setup", "infrastructure", async () => {
      const deployedAt = this.clock.now();
      await deploySentinels(kube, plan.toolchain.workloadImage, this.webReplicas, { nonce: randomUUID(), writtenAt: new Date().toISOString() });
      await this.poll("sentinels ready", () => assertSentinelsReady(kube, this.webReplicas, deployedAt), "infrastructure");
    });
    const baseline = await journal.phase("capture baseline", "setup", "infrastructure", () => captureBaseline(cluster, kube));
    await journal.attach("before: nodes, pods, certificate fingerprints", renderSnapshot(baseline.snapshot));
    const targets = await Promise.all(this.layout.nodes.map(async (node) => ({ node, host: await cluster.node(node).ipAddress() })));
    this.addresses = new Map(targets.map((t) => [t.node, t.host]));
    this.prober = await journal.phase("start prober", "setup", "infrastructure", () =>
      Prober.start(this.env.docker, {
        image: plan.toolchain.workloadImage,
        targets,
        port: SENTINEL.nodePort,
        expect: SENTINEL.marker,
        runId: plan.runId,
        // Bounded: ends by itself even if kubedrill dies without stopping it.
        maxSeconds: (plan.timeouts.damageMs + 10 * plan.timeouts.readyMs + plan.timeouts.settleMs) / 1000 + 600,
      }),
    );
    return baseline;
  }

  /** Stops the prober once every node has a sample after `after` (the final verification), so the window is covered. */
  private async stopProber(after?: number): Promise<AvailabilityReport> {
    const prober = this.prober!;
    this.prober = undefined;
    if (after !== undefined) await prober.waitForSamplesAfter(after, PROBER_TAIL_MS, this.clock);
    const { report, log } = await prober.stop();
    this.availability = report;
    await this.journal.attach("prober log (docker timestamps)", log);
    await this.journal.attach("availability per node", JSON.stringify(report, null, 2), "application/json");
    return report;
  }

  /** finish releases what the drill started, exactly once, whatever happened (interrupts included). */
  private async finish(failed: boolean): Promise<void> {
    if (this.watcher) this.milestones = await this.watcher.stop();
    if (this.prober) await this.stopProber().catch(() => undefined);
    const { cluster, kube } = this;
    if (!cluster) return;
    if (kube && !this.interrupted) {
      const after = await captureSnapshot(cluster, kube).catch((error: unknown) => `could not capture: ${(error as Error).message}`);
      await this.journal.attach("after: nodes, pods, certificate fingerprints", typeof after === "string" ? after : renderSnapshot(after));
    }
    if (this.plan.keepCluster || this.plan.breakOnly || (this.plan.keepOnFailure && failed)) {
      cluster.keep();
      this.keptCluster = renderArgv(["kind", ...kindArgs.delete(cluster.name, this.layout.kubeconfig)]);
      await this.journal.note(`kept cluster ${cluster.name} (KUBECONFIG=${this.layout.kubeconfig}); delete it with: ${this.keptCluster}`);
      return;
    }
    await this.journal
      .phase("delete cluster", "teardown", "infrastructure", () => cluster.release())
      .catch((error: unknown) => this.journal.note(`could not delete ${cluster.name} (the next run sweeps it): ${(error as Error).message}`));
  }

  private report(startedAt: string, error: unknown): DrillReport {
    const timeline = this.journal.timeline;
    const broke = timeline.breakage();
    const phases = timeline.records();
    const lastStep = phases.filter((p) => p.kind === "recover" && p.status === "passed").at(-1);
    const ranEveryStep = !phases.some((p) => p.kind === "recover" && p.status === "failed");
    return {
      drill: this.drill.id,
      scenario: this.scenario.name,
      cluster: this.layout.cluster,
      topology: this.layout.topology,
      nodeImage: this.plan.toolchain.nodeImage,
      kubernetesVersion: this.kubernetesVersion,
      startedAt,
      durationMs: timeline.elapsedMs(),
      verdict: this.interrupted ? { status: "failed", category: "infrastructure", message: interruptedMessage(this.interrupted) } : verdictFor(error),
      ...(this.interrupted ? { interrupted: this.interrupted } : {}),
      ...(this.plan.breakOnly ? { brokenOnly: true } : {}),
      phases,
      skippedSteps: this.scenario.recovery(this.layout).map((s) => s.name).filter((name) => this.drill.skipSteps.includes(name)),
      ...(broke ? { breakage: { startedAt: broke.startAt, endedAt: broke.endAt } } : {}),
      damage: this.damage,
      runbookFinishedMs: ranEveryStep ? lastStep?.sinceBreakMs : undefined,
      timeToRecoveryMs: this.timeToRecoveryMs(),
      verificationPasses: this.verificationPasses,
      recoveryPoint: this.recoveryPoint,
      operations: this.operations,
      ...(this.secondPassMs === undefined ? {} : { secondPassMs: this.secondPassMs }),
      ...(this.interruption ? { interruption: this.interruption } : {}),
      budgetMs: this.expectations.budget.recoverySeconds * 1000,
      milestones: this.milestones,
      availability: this.availability,
      expectations: this.results,
      keptCluster: this.keptCluster,
    };
  }

  private timeToRecoveryMs(): number | undefined {
    const broke = this.journal.timeline.breakage();
    return broke && this.healthyAt !== undefined ? this.healthyAt - broke.endAt : undefined;
  }

  private poll<T>(what: string, attempt: () => Promise<T>, stage: Stage): Promise<T> {
    return pollUntil(attempt, { what, timeoutMs: this.plan.timeouts.readyMs, stage, clock: this.clock, signal: this.env.signal });
  }
}
