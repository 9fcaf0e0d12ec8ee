import { expect } from "chai";
import type { PlannedDrill } from "../../../harness/drill/drills.js";
import { judgeProof, planProof, resolveInterruption, stepTimings, timesWholeRunbook, type Proof } from "../../../harness/drill/proof.js";
import type { DrillReport } from "../../../harness/drill/report.js";
import { layoutFor } from "../../../harness/kind/layout.js";
import { loadScenarios } from "../../../harness/scenario/registry.js";
import { proofMatrix, renderProofMatrix } from "../../../reports/proof-matrix.js";

const base = (scenario: string): PlannedDrill => ({ id: scenario, scenario, topology: { controlPlanes: 1, workers: 2 }, key: `1-${scenario}`, skipSteps: [] });
const index = () => {
  let n = 0;
  return () => `${++n}-`;
};
const report = (over: Partial<DrillReport>): DrillReport => ({
  drill: "d",
  scenario: "s",
  cluster: "c",
  topology: { controlPlanes: 1, workers: 2 },
  nodeImage: null,
  startedAt: "2026-11-27T08:00:00Z",
  durationMs: 1,
  verdict: { status: "passed" },
  phases: [],
  skippedSteps: [],
  budgetMs: 1,
  milestones: [],
  expectations: [],
  timeToRecoveryMs: 30_000,
  ...over,
});
const failed = (message: string) => ({ status: "failed" as const, category: "verification" as const, message });

describe("prove", () => {
  it("plans twice-in-a-row first, then a cut in every step of a short runbook, then each step left out", async () => {
    const scenario = (await loadScenarios()).select(["delete-static-pod-manifests"])[0]!;
    const drills = planProof(scenario, base(scenario.name), [], index());
    expect(drills.map((d) => d.id)).to.deep.equal([
      "delete-static-pod-manifests · runbook twice",
      "delete-static-pod-manifests · interrupted in etcd-certs-and-local-member",
      "delete-static-pod-manifests · interrupted in control-plane-all",
      "delete-static-pod-manifests · interrupted in wait-control-plane-containers",
      "delete-static-pod-manifests · interrupted in wait-api-server",
      "delete-static-pod-manifests · without etcd-certs-and-local-member",
      "delete-static-pod-manifests · without control-plane-all",
      "delete-static-pod-manifests · without wait-control-plane-containers",
      "delete-static-pod-manifests · without wait-api-server",
    ]);
    expect(drills.find((d) => d.id.endsWith("without control-plane-all"))!.skipSteps).to.deep.equal(["control-plane-all"]);
    expect(new Set(drills.map((d) => d.key)).size, "a cluster name per drill").to.equal(drills.length);
  });

  it("cuts a long runbook in its three slowest steps unless told where", async () => {
    const scenario = (await loadScenarios()).select(["wipe-etc-kubernetes"])[0]!;
    const cuts = (resumeAt: string[]) => planProof(scenario, base(scenario.name), resumeAt, index()).filter((d) => d.proof?.kind === "resumability");
    expect(cuts([]).map((d) => d.id)).to.deep.equal([1, 2, 3].map((n) => `wipe-etc-kubernetes · interrupted in its slowest step #${n}`));
    expect(cuts(["certs-all"]).map((d) => d.proof)).to.deep.equal([{ kind: "resumability", step: "certs-all" }]);
  });

  it("runs only the proofs asked for, keeping the twice drill when cuts are asked for (its times place them)", async () => {
    const scenario = (await loadScenarios()).select(["wipe-etc-kubernetes"])[0]!;
    const kinds = (only: Proof["kind"][]) => planProof(scenario, base(scenario.name), ["certs-all"], index(), only).map((d) => d.proof!.kind);
    expect(kinds(["resumability"])).to.deep.equal(["idempotency", "resumability"]);
    expect(kinds(["necessity"])).to.have.length(15).and.satisfy((k: string[]) => k.every((kind) => kind === "necessity"));
    expect(kinds([])).to.have.length(17);
  });

  it("places cuts only by the times of a drill that ran every step", async () => {
    const scenario = (await loadScenarios()).select(["wipe-etc-kubernetes"])[0]!;
    const [twice, cut, without] = ["idempotency", "resumability", "necessity"].map((kind) => planProof(scenario, base(scenario.name), [], index()).find((d) => d.proof!.kind === kind)!);
    expect(timesWholeRunbook(twice!)).to.equal(true);
    expect(timesWholeRunbook(base(scenario.name))).to.equal(true);
    // A cut drill never ran the steps after its cut; ranking by its times chose no step at all (prove wipe, r90b48).
    expect(timesWholeRunbook(cut!)).to.equal(false);
    expect(timesWholeRunbook(without!)).to.equal(false);
  });

  it("cuts halfway into a step's longest operation that changes something, early into a wait, never sooner than 150 ms", () => {
    const timings = stepTimings(
      report({
        operations: [
          { step: "certs-all", pass: 1, index: 0, durationMs: 400 },
          { step: "rejoin", pass: 1, index: 0, durationMs: 100 },
          { step: "rejoin", pass: 1, index: 1, durationMs: 6_000 },
          { step: "rejoin", pass: 2, index: 1, durationMs: 9_000 },
        ],
      }),
    );
    const noWaits = () => [false, false];
    expect(resolveInterruption({ kind: "resumability", step: "" }, 0, timings, noWaits)).to.deep.equal({ kind: "resumability", step: "rejoin", interrupt: { op: 1, afterMs: 3_000 } });
    expect(resolveInterruption({ kind: "resumability", step: "" }, 1, timings, noWaits).step).to.equal("certs-all");
    expect(resolveInterruption({ kind: "resumability", step: "certs-all" }, 0, new Map([["certs-all", [120]]]), noWaits).interrupt).to.deep.equal({ op: 0, afterMs: 150 });
    // rejoin's long operation only waits (for the kubelet's certificate): cut the one that acts.
    expect(resolveInterruption({ kind: "resumability", step: "rejoin" }, 0, timings, () => [false, true]).interrupt).to.deep.equal({ op: 0, afterMs: 150 });
    expect(resolveInterruption({ kind: "resumability", step: "wait-api" }, 0, new Map([["wait-api", [2_600]]]), () => [true]).interrupt).to.deep.equal({ op: 0, afterMs: 150 });
  });

  describe("judging proof drills", () => {
    const without: Proof = { kind: "necessity", step: "restore-controller-manager" };
    it("a step is necessary when the drill fails without it; a repair step whose drill passes is a finding", () => {
      expect(judgeProof(without, report({ verdict: failed("[verification] 2 of 30 expectations failed:\n ✗ kube-root-ca.crt") }))).to.deep.include({ holds: true });
      const unneeded = judgeProof(without, report({}));
      expect(unneeded).to.deep.equal({ holds: false, summary: "NOT SHOWN NECESSARY: the drill passed without it in 30.0s" });
    });

    it("a checkpoint or a speed-up may be left out: that is reported, not failed", () => {
      expect(judgeProof(without, report({}), "speed-up")).to.deep.equal({ holds: true, summary: "not shown necessary (a speed-up): the drill passed without it in 30.0s" });
      expect(judgeProof(without, report({}), "checkpoint").holds).to.equal(true);
      expect(judgeProof(without, report({}), "precaution").summary).to.equal("not shown necessary (a precaution): the drill passed without it in 30.0s");
      expect(judgeProof(without, report({}), "repair").holds).to.equal(false);
    });

    it("twice in a row must pass; a cut must leave the step part-done, and the rerun must pass", () => {
      expect(judgeProof({ kind: "idempotency" }, report({ secondPassMs: 12_000 })).summary).to.include("second pass took 12.0s");
      expect(judgeProof({ kind: "idempotency" }, report({ verdict: failed("[recovery] kubelet wrote its client certificate: not reached") })).holds).to.equal(false);
      const cut: Proof = { kind: "resumability", step: "certs-all", interrupt: { op: 0, afterMs: 200 } };
      expect(judgeProof(cut, report({ interruption: { step: "certs-all", op: 0, afterMs: 200, partWay: true } })).holds).to.equal(true);
      expect(judgeProof(cut, report({ interruption: { step: "certs-all", op: 0, afterMs: 200, partWay: false } })).summary).to.match(/^INCONCLUSIVE/);
      expect(judgeProof(cut, report({ interruption: { step: "certs-all", op: 0, afterMs: 200, partWay: true }, verdict: failed("[recovery] x") })).holds).to.equal(false);
      // The first operation ended before the cut: the step was cut before its second one.
      expect(judgeProof(cut, report({ interruption: { step: "certs-all", op: 0, afterMs: 200, partWay: true, ranMs: 72 } })).summary).to.match(
        /^resumable: cut after operation 1, which ended in 72ms \(before the 200ms cut\)/,
      );
    });

    it("a step quicker than the earliest cut counts as resumable at its end only, and only when the rerun passed", () => {
      const early: Proof = { kind: "resumability", step: "control-plane-all", interrupt: { op: 0, afterMs: 150 } };
      const quick = { step: "control-plane-all", op: 0, afterMs: 150, partWay: false, ranMs: 95 };
      expect(judgeProof(early, report({ interruption: quick })).summary).to.match(/^resumable at its end only: it ran 95ms/);
      expect(judgeProof(early, report({ interruption: quick, verdict: failed("[recovery] x") })).holds).to.equal(false);
      // Cut later than the earliest moment and still too late: timing varied, nothing was shown.
      const later: Proof = { kind: "resumability", step: "certs-all", interrupt: { op: 0, afterMs: 200 } };
      expect(judgeProof(later, report({ interruption: { ...quick, step: "certs-all", afterMs: 200 } })).summary).to.match(/^INCONCLUSIVE/);
    });
  });

  it("tabulates a scenario's proofs per step, marking the step where running twice failed", async () => {
    const scenario = (await loadScenarios()).select(["kill-control-plane-pods"])[0]!;
    const layout = layoutFor("c", { controlPlanes: 1, workers: 2 }, "/k");
    const proof = (kind: string, step: string | undefined, holds: boolean, extra: Partial<DrillReport> = {}) =>
      report({ scenario: scenario.name, proof: { kind, ...(step ? { step } : {}), holds, summary: holds ? "necessary: without it the drill failed (x)" : "NOT SHOWN NECESSARY" }, ...extra });
    const reports = [
      proof("idempotency", undefined, false, { phases: [{ name: "recover: wait-api-server (again)", kind: "recover", category: "recovery", startMs: 0, durationMs: 1, status: "failed" }] }),
      proof("necessity", "wait-api-server", false),
      proof("resumability", "wait-api-server", true),
    ];
    const matrix = proofMatrix(scenario, layout, reports);
    expect(matrix.holds).to.equal(false);
    expect(matrix.rows.map((r) => [r.step, r.role, r.idempotent?.summary])).to.deep.equal([
      ["wait-control-plane-containers", "checkpoint", "-"],
      ["wait-api-server", "checkpoint", "FAILED on the 2nd pass"],
    ]);
    expect(renderProofMatrix(matrix)).to.match(/^prove kill-control-plane-pods: SOME EXPECTED OUTCOMES DID NOT HOLD/);
  });
});
