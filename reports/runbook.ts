import { formatDuration } from "../harness/clock.js";
import type { DrillReport } from "../harness/drill/report.js";
import { describeTopology, type ClusterLayout } from "../harness/kind/layout.js";
import type { Manual } from "../harness/ops/operation.js";
import type { Scenario } from "../harness/scenario/define.js";

/** What `prove` showed of one step; absent when prove did not run. */
export interface StepProof {
  necessary?: "yes" | "not shown";
  idempotent?: boolean;
  resumable?: boolean;
}

export interface RunbookInput {
  scenario: Scenario;
  layout: ClusterLayout;
  /** The passing drill whose run verified this runbook. */
  report: DrillReport;
  runId: string;
  proofs?: ReadonlyMap<string, StepProof>;
}

const fence = (command: string) => ["```sh", command, "```"];
const seconds = (ms?: number) => (ms === undefined ? "-" : formatDuration(ms));

/** roleOf says which node a name is, so the reader can map it to their own cluster. */
function roleOf(layout: ClusterLayout, node: string): string {
  if (node === layout.primary) return "the first control plane";
  const cp = layout.controlPlanes.indexOf(node);
  if (cp >= 0) return `control plane ${cp + 1}`;
  const worker = layout.workers.indexOf(node);
  return worker >= 0 ? `worker ${worker + 1}` : "this node";
}

/** manualLines renders one operation as an operator does it: where, and exactly what to type. */
function manualLines(m: Manual, layout: ClusterLayout): string[] {
  const on = (node: string) => `On \`${node}\` (${roleOf(layout, node)}):`;
  switch (m.kind) {
    case "run":
      return m.saveAs
        ? [`${on(m.on)} run this and keep its standard output (only stdout) as \`${m.saveAs}\`:`, ...fence(`${m.command} > ${m.saveAs}`)]
        : [on(m.on), ...fence(m.command)];
    case "wait":
      return [`${on(m.on)} wait until ${m.what}:`, ...fence(`until ${m.until}; do sleep 2; done`)];
    case "copy":
      return [
        `Copy \`${m.path}\` from \`${m.from}\` to \`${m.to}\`${m.mode ? ` (mode ${m.mode})` : ""}; on kind, from the host:`,
        ...fence(`docker exec ${m.from} cat ${m.path} | docker exec -i ${m.to} sh -c 'mkdir -p "$(dirname ${m.path})" && cat > ${m.path}${m.mode ? ` && chmod ${m.mode} ${m.path}` : ""}'`),
        "(elsewhere: `ssh <from> cat <path> | ssh <to> 'cat > <path>'`)",
      ];
    case "write":
      return [`Put the saved \`${m.saved}\` at \`${m.path}\` on \`${m.on}\` (${roleOf(layout, m.on)})${m.mode ? `, mode ${m.mode}` : ""}.`];
    case "host":
      return ["On your workstation (kind); on another cluster, refresh your kubeconfig from the new admin.conf:", ...fence(m.command)];
    case "parallel":
      return [
        "These are independent of each other; do them at the same time (or one after the other):",
        ...m.lanes.flatMap((lane, i) => ["", `- **Part ${i + 1}**`, ...lane.flatMap((part) => ["", ...manualLines(part, layout).map((line) => `  ${line}`)])]),
      ];
  }
}

function proofMarks(proof?: StepProof): string | undefined {
  if (!proof) return undefined;
  const marks = [
    proof.necessary && (proof.necessary === "yes" ? "necessary ✓" : "not shown necessary"),
    proof.idempotent !== undefined && (proof.idempotent ? "safe to run twice ✓" : "NOT safe to run twice ✗"),
    proof.resumable !== undefined && (proof.resumable ? "resumable after an interrupt ✓" : "NOT resumable ✗"),
  ].filter(Boolean);
  return marks.length > 0 ? `Proven by \`kubedrill prove\`: ${marks.join(" · ")}` : undefined;
}

/**
 * renderRunbook writes the runbook a passing drill verified, as the document an operator
 * follows: what broke, then each step with the exact commands to type on which node, what
 * to wait for, and how long the step took in the verifying run.
 */
export function renderRunbook({ scenario, layout, report, runId, proofs }: RunbookInput): string {
  const steps = scenario.recovery(layout);
  const took = new Map(report.phases.filter((p) => p.kind === "recover").map((p) => [p.name.replace(/^recover: /, ""), p]));
  const setting = `${describeTopology(layout.topology)}, Kubernetes ${report.kubernetesVersion ?? "?"} (node image ${report.nodeImage ?? "kind's default"})`;
  const lines = [
    `# Runbook: ${scenario.name}`,
    "",
    report.brokenOnly
      ? `For the cluster \`${layout.cluster}\` that kubedrill run \`${runId}\` broke and kept (${setting}): follow the steps below on its nodes, then check it with \`kubectl get nodes\`.`
      : `Verified by kubedrill run \`${runId}\` on ${report.startedAt.slice(0, 10)}: ${setting}. The runbook finished ${seconds(report.runbookFinishedMs)} after the breakage; the cluster was verified healthy after ${seconds(report.timeToRecoveryMs)}.`,
    "",
    "## What broke",
    "",
    `${scenario.breaks}. ${scenario.why}.`,
    "",
    "How it showed:",
    "",
    ...(report.damage?.symptoms ?? []).map((s) => `- ${s.name} (${s.evidence})`),
    "",
    "## Before you start",
    "",
    "Run each command as root on the node it names: `docker exec -it <node> bash` on kind, an SSH session on a kubeadm node.",
    "Node names are this drill's; map them to yours by their role. kubeadm always gets the node's own kubeadm config",
    "(`/kind/kubeadm.conf` on kind): without it kubeadm loses the cluster's SANs, subnets and extra arguments.",
    "",
    "## Steps",
  ];
  steps.forEach((step, i) => {
    const phase = took.get(step.name);
    const time = phase === undefined ? "" : phase.status === "skipped" ? " (skipped in this run)" : ` (${seconds(phase.durationMs)} in this run)`;
    lines.push("", `### ${i + 1}. ${step.name}${time}`, "", `${step.summary}.`);
    for (const op of step.plan(layout)) lines.push("", ...manualLines(op.manual, layout));
    const marks = proofMarks(proofs?.get(step.name));
    if (marks) lines.push("", `*${marks}*`);
  });
  lines.push(
    "",
    "## When it is done",
    "",
    "What kubedrill observed from outside in the verifying run (seconds after the breakage):",
    "",
    ...report.milestones.map((m) => `- ${m.title}: ${m.reachedAfterMs === undefined ? "not reached" : seconds(m.reachedAfterMs)}`),
    `- every check at once (verified healthy): ${seconds(report.timeToRecoveryMs)}`,
    "",
  );
  return lines.join("\n");
}
