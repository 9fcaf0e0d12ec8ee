import { expect } from "chai";
import type { DrillReport } from "../../../harness/drill/report.js";
import { layoutFor } from "../../../harness/kind/layout.js";
import { loadScenarios } from "../../../harness/scenario/registry.js";
import { historyEntry } from "../../../reports/history-entry.js";
import { renderRecoveryTimeline } from "../../../reports/recovery-timeline.js";
import { renderRunbook } from "../../../reports/runbook.js";

const BREAK_END = 1_800_000_000_000;
const layout = layoutFor("kubedrill-r1-1-wipe", { controlPlanes: 1, workers: 2 }, "/k");

const report: DrillReport = {
  drill: "wipe-etc-kubernetes",
  scenario: "wipe-etc-kubernetes",
  cluster: layout.cluster,
  topology: layout.topology,
  nodeImage: "kubedrill.local/node:v1.34.4",
  kubernetesVersion: "v1.34.4",
  startedAt: "2026-11-27T08:00:00.000Z",
  durationMs: 180_000,
  verdict: { status: "passed" },
  phases: [
    { name: "break", kind: "break", category: "infrastructure", startMs: 60_000, durationMs: 300, status: "passed" },
    { name: "recover: certs-all", kind: "recover", category: "recovery", startMs: 61_000, durationMs: 500, status: "passed", sinceBreakMs: 1_200 },
    { name: "recover: wait-api-server", kind: "recover", category: "recovery", startMs: 61_500, durationMs: 8_000, status: "passed", sinceBreakMs: 9_200 },
    { name: "recover: bootstrap-token", kind: "recover", category: "recovery", startMs: 69_500, durationMs: 0, status: "skipped", sinceBreakMs: 9_200 },
  ],
  skippedSteps: ["bootstrap-token"],
  breakage: { startedAt: BREAK_END - 300, endedAt: BREAK_END },
  damage: { symptoms: [{ name: "/etc/kubernetes changed on cp", seenAfterMs: 400, evidence: "before: 31 files; after: 0 files" }], confirmedAfterMs: 400 },
  runbookFinishedMs: 9_200,
  timeToRecoveryMs: 14_000,
  verificationPasses: [{ afterMs: 11_000, failed: ["kube-system daemonsets and deployments are fully available"] }, { afterMs: 14_000, failed: [] }],
  budgetMs: 600_000,
  milestones: [
    { id: "api", title: "API ready", samples: 14, transitions: [{ afterMs: 200, ok: false, detail: "HTTP 500" }, { afterMs: 7_500, ok: true }], reachedAfterMs: 7_500 },
    { id: "nodes", title: "nodes Ready", samples: 14, transitions: [{ afterMs: 300, ok: false }, { afterMs: 12_000, ok: true }], reachedAfterMs: 12_000 },
  ],
  expectations: [],
};

describe("recovery timeline", () => {
  it("puts damage, steps, milestones and verification passes on one time axis from the end of the breakage", () => {
    const text = renderRecoveryTimeline(report);
    const lines = text.split("\n");
    const at = (pattern: RegExp) => lines.findIndex((l) => pattern.test(l));
    expect(lines[2]).to.match(/^ +-0\.3s {2}break started$/);
    expect(text).to.match(/\+7\.5s {2}◆ API ready: reached, and stayed \(runbook at wait-api-server\)/);
    expect(text).to.match(/\+12\.0s {2}◆ nodes Ready: reached, and stayed \(after wait-api-server\)/);
    expect(text).to.include("step bootstrap-token SKIPPED (--skip-step)");
    expect(text).to.match(/\+11\.0s {2}  verification pass 1: 1 failing: kube-system daemonsets/);
    expect(text).to.match(/\+14\.0s {2}✓ verified healthy \(pass 2: every check at once\)/);
    expect(at(/API ready: reached/)).to.be.lessThan(at(/nodes Ready: reached/));
    expect(text).to.include("verified healthy (time to recovery): +14.0s");
  });
});

describe("history entry", () => {
  it("keeps the drill's times, counting a regression-only failure as a recovery that passed", () => {
    const entry = historyEntry(report, "r1");
    expect(entry).to.deep.include({ drill: "wipe-etc-kubernetes", verdict: "passed", timeToRecoveryMs: 14_000, runbookMs: 9_200, finishedAt: "2026-11-27T08:03:00.000Z" });
    expect(entry.milestones).to.deep.equal({ "API ready": 7_500, "nodes Ready": 12_000 });
    expect(entry.steps).to.deep.equal({ "certs-all": 500, "wait-api-server": 8_000 });
    expect(historyEntry({ ...report, verdict: { status: "failed", category: "regression", message: "[regression] 1.4×" } }, "r1").verdict).to.equal("passed");
    expect(historyEntry({ ...report, verdict: { status: "failed", category: "verification", message: "m" } }, "r1")).to.include({ verdict: "failed", category: "verification" });
  });
});

describe("verified runbook", () => {
  it("gives each step the exact in-node commands, no harness wrappers, with the node's role, its time and proof marks", async () => {
    const scenario = (await loadScenarios()).select(["wipe-etc-kubernetes"])[0]!;
    const text = renderRunbook({ scenario, layout, report, runId: "r1", proofs: new Map([["certs-all", { necessary: "yes", idempotent: true, resumable: true }]]) });
    expect(text).to.match(/^# Runbook: wipe-etc-kubernetes\n/);
    expect(text).to.include("### 3. certs-all (500ms in this run)");
    expect(text).to.include("On `kubedrill-r1-1-wipe-control-plane` (the first control plane):\n```sh\nkubeadm init phase certs all --config /kind/kubeadm.conf\n```");
    expect(text).to.include("*Proven by `kubedrill prove`: necessary ✓ · safe to run twice ✓ · resumable after an interrupt ✓*");
    expect(text).to.include("### 10. bootstrap-token (skipped in this run)");
    // Scripts are pasteable heredocs for bash -euo pipefail; kind's docker exec never appears in a node command.
    expect(text).to.include("bash -euo pipefail <<'SCRIPT'\nfor c in etcd kube-apiserver");
    expect(text).to.not.match(/```sh\ndocker exec --privileged/);
    expect(text).to.include("These are independent of each other; do them at the same time");
    expect(text).to.include("run this and keep its standard output (only stdout) as `kubedrill-r1-1-wipe-worker2.kubelet.conf`");
    expect(text).to.include("Put the saved `kubedrill-r1-1-wipe-worker2.kubelet.conf` at `/etc/kubernetes/kubelet.conf` on `kubedrill-r1-1-wipe-worker2` (worker 2), mode 600.");
    expect(text).to.include("- API ready: 7.5s");
  });
});
