import { expect } from "chai";
import { renderTrendSvg, TIME_TO_RECOVERY } from "../../../reports/trend-chart.js";
import { renderTrendPage } from "../../../reports/trend-page.js";
import { entry, runsOf } from "../../support/history-fixtures.js";

/** The opening tags of every element with this class (class lists included). */
const tagsWithClass = (markup: string, name: string) => [...markup.matchAll(/<[a-z]+ [^>]*>/g)].map((m) => m[0]).filter((tag) => new RegExp(`class="([^"]* )?${name}( [^"]*)?"`).test(tag));
const pointsOf = (svg: string, metric: string) => tagsWithClass(svg, "point").filter((tag) => tag.includes(`data-metric="${metric}"`));

describe("trend chart", () => {
  const drill = "wipe-etc-kubernetes";

  it("draws one point per run for time to recovery and for every milestone, with a legend entry each", () => {
    const history = [...runsOf(drill, [40_000, 41_000, 39_000, 42_000]), ...runsOf("delete-sa-key", [9_000, 9_000])];
    history[3]!.milestones = { "API server ready": 21_000, "nodes Ready": 36_000, "tokens valid": 38_000 }; // a milestone only the last run has
    const svg = renderTrendSvg(history, drill);
    expect(svg).to.match(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="kubedrill-trend" data-drill="wipe-etc-kubernetes"/);
    expect(pointsOf(svg, TIME_TO_RECOVERY)).to.have.length(4);
    expect(pointsOf(svg, "API server ready")).to.have.length(4);
    expect(pointsOf(svg, "nodes Ready")).to.have.length(4);
    expect(pointsOf(svg, "tokens valid")).to.have.length(1);
    expect(tagsWithClass(svg, "point")).to.have.length(13);
    expect(tagsWithClass(svg, "legend-item").map((tag) => tag.match(/data-metric="([^"]*)"/)?.[1])).to.deep.equal([TIME_TO_RECOVERY, "API server ready", "nodes Ready", "tokens valid"]);
    expect(tagsWithClass(svg, "series")).to.have.length(4);
  });

  it("gives every point a tooltip naming the run, its finish time and the value", () => {
    const svg = renderTrendSvg([entry("r1a2b3", 7 * 60 + 10, { timeToRecoveryMs: 43_210 })], drill);
    expect(svg).to.include('data-run="r1a2b3"');
    expect(svg).to.include("<title>r1a2b3 2026-11-27 07:10 · time to recovery 43.2 s</title>");
    expect(svg).to.include("<title>r1a2b3 2026-11-27 07:10 · API server ready 20.0 s</title>");
  });

  it("shows only the last runs, oldest first", () => {
    const svg = renderTrendSvg(runsOf(drill, [1, 2, 3, 4, 5, 6].map((s) => s * 10_000)), drill, { lastRuns: 4 });
    expect(pointsOf(svg, TIME_TO_RECOVERY).map((tag) => tag.match(/data-run="([^"]*)"/)![1])).to.deep.equal(["r3", "r4", "r5", "r6"]);
    expect(pointsOf(renderTrendSvg(runsOf(drill, new Array(25).fill(40_000)), drill), TIME_TO_RECOVERY)).to.have.length(20);
  });

  it("marks a failed run apart from the passing ones", () => {
    const history = runsOf(drill, [40_000, 41_000, 90_000]);
    history[2] = { ...history[2]!, verdict: "failed", category: "verification" };
    const svg = renderTrendSvg(history, drill);
    const failed = tagsWithClass(svg, "failed");
    expect(failed.filter((tag) => tag.startsWith("<circle"))).to.have.length(3); // its time to recovery and two milestones
    expect(failed.every((tag) => tag.includes('data-run="r3"'))).to.equal(true);
    expect(tagsWithClass(svg, "failed-run")).to.have.length(1);
    expect(svg).to.include("r3 2026-11-27 00:02 · time to recovery 90.0 s · failed (verification)");
    expect(tagsWithClass(renderTrendSvg(history.slice(0, 2), drill), "failed")).to.deep.equal([]);
  });

  it("rings a time to recovery that regressed and says so for the latest run", () => {
    const svg = renderTrendSvg(runsOf(drill, [40_000, 40_000, 40_000, 60_000]), drill);
    const regressed = tagsWithClass(svg, "regression");
    expect(regressed).to.have.length(1);
    expect(regressed[0]).to.include('data-run="r4"');
    expect(tagsWithClass(svg, "regression-mark")).to.have.length(1);
    expect(svg).to.include("latest run r4: regression: 1.50× the median 40.0 s of the last 3 passing runs");
    expect(tagsWithClass(renderTrendSvg(runsOf(drill, [40_000, 40_000, 40_000, 45_000]), drill), "regression")).to.deep.equal([]);
  });

  it("escapes drill names, run ids and milestone names", () => {
    const hostile = 'drill <script>alert("x")</script> & co';
    const svg = renderTrendSvg([entry("r<1>", 0, { drill: hostile, milestones: { "a\"b<c>": 1000 } })], hostile);
    expect(svg).not.to.include("<script>");
    expect(svg).to.include('data-drill="drill &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co"');
    expect(svg).to.include('data-metric="a&quot;b&lt;c&gt;"');
    expect(svg).to.include("r&lt;1&gt; 2026-11-27 00:00");
  });

  it("says so when a drill has no runs", () => {
    const svg = renderTrendSvg(runsOf(drill, [40_000]), "delete-sa-key");
    expect(svg).to.include("no runs recorded yet");
    expect(tagsWithClass(svg, "point")).to.deep.equal([]);
  });
});

describe("trend page", () => {
  it("has one chart and one table of recent runs per drill, and nothing loaded from elsewhere", () => {
    const history = [...runsOf("wipe-etc-kubernetes", [40_000, 41_000, 39_000]), ...runsOf("kill-control-plane-pods", [7_000, 6_900, 7_100, 7_000, 7_200, 6_800, 7_000])];
    const html = renderTrendPage(history);
    expect(html).to.match(/^<!doctype html>/);
    expect(tagsWithClass(html, "kubedrill-trend").map((tag) => tag.match(/data-drill="([^"]*)"/)![1])).to.deep.equal(["kill-control-plane-pods", "wipe-etc-kubernetes"]);
    const tables = html.split('<table class="runs">').slice(1).map((t) => t.split("</table>")[0]!);
    expect(tables.map((t) => t.match(/<tr/g)!.length - 1)).to.deep.equal([5, 3]); // header row aside; at most five runs
    expect(tables[0]).to.match(/<td>r7<\/td>[^]*<td>r3<\/td>/); // newest first
    expect(html).not.to.match(/<script|<link|src=|url\(|@import/);
  });

  it("escapes drill names in headings, links and charts", () => {
    const html = renderTrendPage([entry("r1", 0, { drill: "<img src=x onerror=alert(1)>" })]);
    expect(html).not.to.include("<img");
    expect(html).to.include("<h2>&lt;img src=x onerror=alert(1)&gt;</h2>");
  });

  it("marks failed and regressed runs in the table", () => {
    const history = runsOf("wipe-etc-kubernetes", [40_000, 40_000, 40_000, 60_000, 41_000]);
    history[4] = { ...history[4]!, verdict: "failed", category: "recovery" };
    const html = renderTrendPage(history);
    expect(html).to.match(/<tr class="failed"><td>r5<\/td>.*failed \(recovery\)/);
    expect(html).to.match(/<tr class="regression"><td>r4<\/td>.*regression: 1\.50×/);
  });
});
