import { expect } from "chai";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DrillReport } from "../../../harness/drill/report.js";
import { outputPaths } from "../../../harness/paths.js";
import { writeResultExtras } from "../../../reports/allure-files.js";
import { renderSummary, summarize } from "../../../reports/summary.js";
import { useTempDir } from "../../support/temp-dir.js";

const report = (scenario: string, overrides: Partial<DrillReport> = {}): DrillReport => ({
  drill: scenario,
  scenario,
  cluster: `kubedrill-r1-${scenario}`,
  topology: { controlPlanes: 1, workers: 2 },
  nodeImage: "kubedrill.local/node:v1.34.4",
  startedAt: "2026-01-01T00:00:00Z",
  durationMs: 300_000,
  verdict: { status: "passed" },
  phases: [{ name: "break", kind: "break", category: "infrastructure", startMs: 0, durationMs: 1000, status: "passed" }],
  skippedSteps: [],
  runbookFinishedMs: 45_800,
  timeToRecoveryMs: 64_000,
  budgetMs: 300_000,
  milestones: [
    { id: "api", title: "API ready", samples: 60, transitions: [], reachedAfterMs: 11_200 },
    { id: "tokens", title: "tokens valid", samples: 30, transitions: [], reachedAfterMs: 50_400 },
  ],
  availability: { nodes: [], samples: 100, successes: 99, successRatio: 0.99, longestGapMs: 2_000 },
  expectations: [],
  ...overrides,
});

const planned = (...ids: string[]) => ids.map((id) => ({ id, scenario: id }));

describe("run summary", () => {
  const tmp = useTempDir("summary");
  const paths = () => outputPaths(tmp.path);

  it("fits one screen: verdict, time to recovery, milestones and where the reports are", () => {
    const failed = report("delete-sa-key", {
      milestones: [{ id: "tokens", title: "tokens valid", samples: 90, transitions: [] }],
      skippedSteps: ["reissue-legacy-tokens"],
      timeToRecoveryMs: undefined,
      verdict: { status: "failed", category: "verification", message: "[verification] 1 of 14 expectations failed:\n  ✗ the legacy token Secret passes TokenReview: expected false to equal true" },
    });
    const summary = summarize("r1", planned("wipe-etc-kubernetes", "delete-sa-key", "kill-control-plane-pods"), [report("wipe-etc-kubernetes"), failed], paths());
    expect(summary.passed).to.equal(false);
    expect(summary.drills.map((d) => d.verdict)).to.deep.equal(["passed", "failed", "missing"]);
    const text = renderSummary(summary);
    expect(text).to.match(/^kubedrill run r1: 1 of 3 drills passed/);
    expect(text).to.match(/wipe-etc-kubernetes +passed +45\.8s +1m04s +5m00s +99\.0% +2\.0s/);
    expect(text).to.match(/delete-sa-key +FAILED \(verification\) +45\.8s +- +5m00s/);
    expect(text).to.match(/delete-sa-key +FAILED \(verification\)/);
    expect(text).to.match(/kill-control-plane-pods +NO RESULT/);
    expect(text).to.include("wipe-etc-kubernetes: API ready 11.2s · tokens valid 50.4s after the break (observed from outside)");
    expect(text).to.include("delete-sa-key: tokens valid NOT reached after the break");
    expect(text).to.include("delete-sa-key: skipped steps: reissue-legacy-tokens");
    expect(text).to.include("✗ the legacy token Secret passes TokenReview");
    expect(text).to.include(`${tmp.path}/allure-report-single/index.html  (opens from disk)`);
    expect(text.split("\n").length).to.be.below(25);
  });

  it("passes only when every selected drill passed", () => {
    expect(summarize("r1", planned("a"), [report("a")], paths()).passed).to.equal(true);
    expect(summarize("r1", [], [], paths()).passed).to.equal(false);
  });

  it("adds environment, categories and the previous report's history to the Allure results", () => {
    const { results, report: previous } = paths();
    mkdirSync(join(previous, "history"), { recursive: true });
    writeFileSync(join(previous, "history", "history-trend.json"), "[]");
    writeResultExtras(results, previous, { "kind.version": "kind v0.30.0", "topology.wipe": "1 control plane, 2 workers" }, { name: "GitHub Actions", type: "github", buildUrl: "https://example.invalid/run/1" });
    expect(JSON.parse(readFileSync(join(results, "executor.json"), "utf8"))).to.include({ name: "GitHub Actions", buildUrl: "https://example.invalid/run/1" });
    expect(readFileSync(join(results, "environment.properties"), "utf8")).to.equal("kind.version=kind v0.30.0\ntopology.wipe=1 control plane, 2 workers\n");
    const categories = JSON.parse(readFileSync(join(results, "categories.json"), "utf8")) as Array<{ name: string; messageRegex?: string }>;
    expect(categories.map((c) => c.name)).to.include.members(["Breakage had no effect", "Failed recovery", "Failed verification", "Broken infrastructure"]);
    const matches = (name: string, message: string) => new RegExp(categories.find((c) => c.name === name)!.messageRegex!.replace("(?s)", ""), "s").test(message);
    expect(matches("Failed recovery", "[recovery] step certs-all failed\n  $ docker exec")).to.equal(true);
    expect(matches("Breakage had no effect", "[breakage] breakage had no effect: not seen within 120s")).to.equal(true);
    expect(matches("Failed recovery", "[breakage] breakage had no effect")).to.equal(false);
    expect(readdirSync(join(results, "history"))).to.deep.equal(["history-trend.json"]);
  });
});
