import { expect } from "chai";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DrillReport } from "../../../harness/drill/report.js";
import { outputPaths } from "../../../harness/paths.js";
import { writeResultExtras } from "../../../reports/allure-files.js";
import { renderSummary, summarize } from "../../../reports/summary.js";
import { useTempDir } from "../../support/temp-dir.js";

const report = (scenario: string, overrides: Partial<DrillReport> = {}): DrillReport => ({
  scenario,
  cluster: `kubedrill-r1-${scenario}`,
  topology: { controlPlanes: 1, workers: 2 },
  nodeImage: "kubedrill.local/node:v1.34.4",
  startedAt: "2026-01-01T00:00:00Z",
  durationMs: 300_000,
  verdict: { status: "passed" },
  phases: [
    { name: "break", kind: "break", category: "infrastructure", startMs: 0, durationMs: 1000, status: "passed" },
    { name: "API server ready", kind: "milestone", category: "recovery", startMs: 1000, durationMs: 44_000, status: "passed", sinceBreakMs: 44_000 },
    { name: "tokens valid", kind: "milestone", category: "verification", startMs: 45_000, durationMs: 20_000, status: "passed", sinceBreakMs: 64_000 },
  ],
  timeToRecoveryMs: 64_000,
  budgetMs: 300_000,
  availability: { samples: 100, successes: 99, successRatio: 0.99, longestGapMs: 2_000, windowMs: 99_000 },
  checks: [],
  ...overrides,
});

describe("run summary", () => {
  const tmp = useTempDir("summary");
  const paths = () => outputPaths(tmp.path);

  it("fits one screen: verdict, time to recovery, milestones and where the reports are", () => {
    const failed = report("delete-sa-key", {
      phases: [{ name: "tokens valid", kind: "milestone", category: "verification", startMs: 0, durationMs: 60_000, status: "failed", sinceBreakMs: 90_000 }],
      verdict: { status: "failed", category: "verification", message: "[verification] 1 of 14 expectations failed:\n  ✗ the legacy token Secret passes TokenReview: expected false to equal true" },
    });
    const summary = summarize("r1", ["wipe-etc-kubernetes", "delete-sa-key", "kill-control-plane-pods"], [report("wipe-etc-kubernetes"), failed], paths());
    expect(summary.passed).to.equal(false);
    expect(summary.drills.map((d) => d.verdict)).to.deep.equal(["passed", "failed", "missing"]);
    const text = renderSummary(summary);
    expect(text).to.match(/^kubedrill run r1: 1 of 3 drills passed/);
    expect(text).to.match(/wipe-etc-kubernetes +passed +1m04s +5m00s +99\.0% +2\.0s/);
    expect(text).to.match(/delete-sa-key +FAILED \(verification\)/);
    expect(text).to.match(/kill-control-plane-pods +NO RESULT/);
    expect(text).to.include("wipe-etc-kubernetes: API server ready 44.0s · tokens valid 1m04s after the break");
    expect(text).to.include("delete-sa-key: tokens valid NOT reached (gave up at 1m30s) after the break");
    expect(text).to.include("✗ the legacy token Secret passes TokenReview");
    expect(text).to.include(`${tmp.path}/allure-report-single/index.html  (opens from disk)`);
    expect(text.split("\n").length).to.be.below(25);
  });

  it("passes only when every selected drill passed", () => {
    expect(summarize("r1", ["a"], [report("a")], paths()).passed).to.equal(true);
    expect(summarize("r1", [], [], paths()).passed).to.equal(false);
  });

  it("adds environment, categories and the previous report's history to the Allure results", () => {
    const { results, report: previous } = paths();
    mkdirSync(join(previous, "history"), { recursive: true });
    writeFileSync(join(previous, "history", "history-trend.json"), "[]");
    writeResultExtras(results, previous, { "kind.version": "kind v0.30.0", "topology.wipe": "1 control plane, 2 workers" });
    expect(readFileSync(join(results, "environment.properties"), "utf8")).to.equal("kind.version=kind v0.30.0\ntopology.wipe=1 control plane, 2 workers\n");
    const categories = JSON.parse(readFileSync(join(results, "categories.json"), "utf8")) as Array<{ name: string; messageRegex?: string }>;
    expect(categories.map((c) => c.name)).to.include.members(["Failed recovery", "Failed verification", "Broken infrastructure"]);
    expect(new RegExp(categories[0]!.messageRegex!.replace("(?s)", ""), "s").test("[recovery] step certs-all failed\n  $ docker exec")).to.equal(true);
    expect(readdirSync(join(results, "history"))).to.deep.equal(["history-trend.json"]);
  });
});
