import type { DrillReport } from "../harness/drill/report.js";

interface Event {
  afterMs: number;
  text: string;
}

const at = (ms: number) => `${ms < 0 ? "-" : "+"}${(Math.abs(ms) / 1000).toFixed(1)}s`.padStart(8);

/**
 * renderRecoveryTimeline puts what the runbook did and what the watcher saw on one
 * timeline, in seconds after the end of the breakage, so a reader sees "API back at 11 s
 * while the runbook was still at rejoin-worker-kubelets".
 */
export function renderRecoveryTimeline(report: DrillReport): string {
  if (!report.breakage) return "The breakage never completed: there is no recovery timeline.";
  const origin = report.breakage.endedAt;
  const steps = report.phases
    .filter((p) => p.kind === "recover" && p.sinceBreakMs !== undefined)
    .map((p) => ({ name: p.name.replace(/^recover: /, ""), from: p.sinceBreakMs! - p.durationMs, to: p.sinceBreakMs!, status: p.status, durationMs: p.durationMs }));
  const runningAt = (ms: number) => {
    const step = steps.find((s) => s.status !== "skipped" && s.from <= ms && ms <= s.to);
    if (step) return `runbook at ${step.name}`;
    const last = steps.filter((s) => s.status !== "skipped" && s.to < ms).at(-1);
    return last ? `after ${last.name}` : "before the runbook";
  };
  const events: Event[] = [
    { afterMs: report.breakage.startedAt - origin, text: "break started" },
    { afterMs: 0, text: "break ended" },
    ...(report.damage?.symptoms ?? []).map((s) => ({ afterMs: s.seenAfterMs, text: `damage seen: ${s.name}` })),
    ...steps.map((s) => ({
      afterMs: s.to,
      text: s.status === "skipped" ? `step ${s.name} SKIPPED (--skip-step)` : `step ${s.name} ${s.status === "passed" ? "done" : "FAILED"} (took ${(s.durationMs / 1000).toFixed(1)}s)`,
    })),
    ...report.milestones.flatMap((m) =>
      m.transitions.map((t) => ({
        afterMs: t.afterMs,
        text:
          t.ok && t.afterMs === m.reachedAfterMs
            ? `◆ ${m.title}: reached, and stayed (${runningAt(t.afterMs)})`
            : `  ${m.title}: ${t.ok ? "true" : "false"}${t.detail ? ` (${t.detail})` : ""}`,
      })),
    ),
    ...(report.verificationPasses ?? []).map((pass, i) => ({
      afterMs: pass.afterMs,
      text: pass.failed.length === 0 ? `✓ verified healthy (pass ${i + 1}: every check at once)` : `  verification pass ${i + 1}: ${pass.failed.length} failing: ${pass.failed.join("; ")}`,
    })),
  ];
  const lines = events.sort((a, b) => a.afterMs - b.afterMs).map((e) => `${at(e.afterMs)}  ${e.text}`);
  const tail = [
    "",
    `runbook finished: ${report.runbookFinishedMs === undefined ? "no" : at(report.runbookFinishedMs).trim()}`,
    `verified healthy (time to recovery): ${report.timeToRecoveryMs === undefined ? "no" : at(report.timeToRecoveryMs).trim()}`,
    "Milestones were sampled from outside while the runbook ran; /readyz anonymously, without verifying the serving certificate (the CA may change).",
  ];
  return [`Recovery timeline of ${report.drill}, seconds after the end of the breakage`, "", ...lines, ...tail].join("\n");
}
