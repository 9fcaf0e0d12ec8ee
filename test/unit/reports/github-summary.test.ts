import { expect } from "chai";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { appendStepSummary, renderStepSummary, type StepSummaryRow } from "../../../reports/github-summary.js";
import { useTempDir } from "../../support/temp-dir.js";

const rows: StepSummaryRow[] = [
  {
    drill: "wipe-etc-kubernetes",
    verdict: "passed",
    timeToRecoveryMs: 64_000,
    budgetMs: 300_000,
    successRatio: 0.99,
    regression: { flagged: true, note: "regression: 1.28× the median 50.0 s of the last 5 passing runs" },
  },
  { drill: "kill-control-plane-pods", verdict: "passed", timeToRecoveryMs: 6_800, budgetMs: 120_000, successRatio: 1, regression: { flagged: false, note: "not compared: 2 earlier passing runs, 3 needed" } },
  {
    drill: "delete-sa-key",
    verdict: "failed",
    category: "verification",
    message: "[verification] 1 of 14 expectations failed:\n  ✗ the legacy token Secret passes TokenReview",
    budgetMs: 300_000,
  },
  { drill: "delete-static-pod-manifests", verdict: "missing" },
];

describe("GitHub job summary", () => {
  const tmp = useTempDir("step-summary");

  it("tabulates every drill with verdict, times, availability and regression flags, then why drills failed", () => {
    expect(renderStepSummary(rows, "r1a2b3")).to.equal(
      [
        "### kubedrill run r1a2b3: 2 of 4 drills passed",
        "",
        "| drill | verdict | time to recovery | budget | availability | flags |",
        "| --- | --- | ---: | ---: | ---: | --- |",
        "| wipe-etc-kubernetes | ✅ passed | 1m04s | 5m00s | 99.0 % | 🐢 regression: 1.28× the median 50.0 s of the last 5 passing runs |",
        "| kill-control-plane-pods | ✅ passed | 6.8s | 2m00s | 100.0 % | - |",
        "| delete-sa-key | ❌ failed (verification) | - | 5m00s | - | - |",
        "| delete-static-pod-manifests | ⚠️ no result | - | - | - | - |",
        "",
        "**Why drills failed**",
        "",
        "- delete-sa-key: [verification] 1 of 14 expectations failed:",
        "- delete-static-pod-manifests: the drill reported no result",
        "",
      ].join("\n"),
    );
  });

  it("leaves out the failure list when everything passed", () => {
    const markdown = renderStepSummary(rows.slice(0, 2));
    expect(markdown).to.match(/^### kubedrill: 2 of 2 drills passed\n/);
    expect(markdown).not.to.include("Why drills failed");
  });

  it("keeps hostile text inside its table cell", () => {
    const markdown = renderStepSummary([{ drill: "a|b", verdict: "failed", category: "recovery", message: "exit 1 | <script>x</script> \\ \u001b[31mred\u001b[0m" }]);
    const row = markdown.split("\n").find((line) => line.startsWith("| a"))!;
    expect(row).to.equal("| a\\|b | ❌ failed (recovery) | - | - | - | - |");
    expect(row.split(/(?<!\\)\|/)).to.have.length(8); // six cells between seven unescaped pipes
    expect(markdown).to.include("- a\\|b: exit 1 \\| &lt;script&gt;x&lt;/script&gt; \\\\ red");
  });

  it("appends to the file GITHUB_STEP_SUMMARY names, keeping what earlier steps wrote", () => {
    const file = join(tmp.path, "step-summary.md");
    writeFileSync(file, "earlier step\n");
    expect(appendStepSummary("# one", { GITHUB_STEP_SUMMARY: file })).to.equal(true);
    expect(appendStepSummary("# two\n", { GITHUB_STEP_SUMMARY: file })).to.equal(true);
    expect(readFileSync(file, "utf8")).to.equal("earlier step\n# one\n# two\n");
  });

  it("does nothing outside GitHub Actions", () => {
    expect(appendStepSummary("# one", {})).to.equal(false);
    expect(appendStepSummary("# one", { GITHUB_STEP_SUMMARY: "" })).to.equal(false);
  });
});
