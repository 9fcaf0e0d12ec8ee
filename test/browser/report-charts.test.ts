import { expect } from "chai";
import { execa } from "execa";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { projectRoot } from "../../harness/paths.js";
import { appendHistory, readHistory, type HistoryEntry } from "../../reports/history.js";
import { TIME_TO_RECOVERY, renderTrendSvg } from "../../reports/trend-chart.js";
import { renderTrendPage } from "../../reports/trend-page.js";
import { launchChromium } from "../support/browser.js";
import { runsOf } from "../support/history-fixtures.js";
import { useTempDir } from "../support/temp-dir.js";

const MOCHA = join(projectRoot, "node_modules", "mocha", "bin", "mocha.js");
const ALLURE = join(projectRoot, "node_modules", "allure-commandline", "dist", "bin", "allure");
const ATTACHING_SPEC = join(projectRoot, "test", "browser", "fixtures", "trend-attachment.fixture.ts");
const WAIT = { timeout: 20_000 };

/** What the test reads from the <img> Allure shows an attachment in. */
type LoadedImage = { src: string; naturalWidth: number; decode(): Promise<void> };

/** Three runs of each drill, with milestones of their own, as a nightly job would record them. */
function fixtureHistory(): HistoryEntry[] {
  return [
    ...runsOf("kill-control-plane-pods", [6_800, 7_100, 6_900], { milestones: { "API server ready": 4_200, "nodes Ready": 6_100 } }),
    ...runsOf("delete-static-pod-manifests", [7_100, 7_400, 7_000], { milestones: { "etcd ready": 2_500, "API server ready": 5_000, "scheduler leader": 6_600 } }),
  ];
}

/** pointsPerMetric is every series of a drill's chart with how many points it has. */
async function pointsPerMetric(page: Page, drill: string): Promise<Record<string, number>> {
  return page.locator(`svg.kubedrill-trend[data-drill="${drill}"] g.series`).evaluateAll((groups) =>
    Object.fromEntries(groups.map((g) => [g.getAttribute("data-metric"), g.querySelectorAll("circle.point").length])),
  );
}

describe("report charts in a browser", () => {
  const tmp = useTempDir("report-charts");
  let browser: Browser;

  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  /** A page that may load only what is on disk or inline: anything fetched from a network fails the test. */
  async function offlinePage(): Promise<{ page: Page; networkRequests: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const networkRequests: string[] = [];
    await page.route(/^(https?|wss?):/, (route) => {
      networkRequests.push(route.request().url());
      return route.abort();
    });
    return { page, networkRequests };
  }

  it("the trend page opens from disk with each drill's chart, one point per run in every series", async () => {
    const historyFile = join(tmp.path, "history", "recovery-history.jsonl");
    for (const run of ["r1", "r2", "r3"]) appendHistory(historyFile, fixtureHistory().filter((entry) => entry.runId === run));
    const pageFile = join(tmp.path, "trends.html");
    writeFileSync(pageFile, renderTrendPage(readHistory(historyFile)));

    const { page, networkRequests } = await offlinePage();
    await page.goto(pathToFileURL(pageFile).href);
    expect(await page.locator("svg.kubedrill-trend").count()).to.equal(2);
    expect(await pointsPerMetric(page, "kill-control-plane-pods")).to.deep.equal({ [TIME_TO_RECOVERY]: 3, "API server ready": 3, "nodes Ready": 3 });
    expect(await pointsPerMetric(page, "delete-static-pod-manifests")).to.deep.equal({ [TIME_TO_RECOVERY]: 3, "etcd ready": 3, "API server ready": 3, "scheduler leader": 3 });
    const chart = await page.locator('svg.kubedrill-trend[data-drill="kill-control-plane-pods"]').boundingBox();
    expect(chart?.width, "the chart is laid out").to.be.above(600);
    expect(await page.locator('svg[data-drill="kill-control-plane-pods"] circle.point[data-run="r2"][data-metric="time to recovery"] > title').textContent()).to.equal(
      "r2 2026-11-27 00:01 · time to recovery 7.1 s",
    );
    expect(await page.locator('section[data-drill="delete-static-pod-manifests"] table.runs tbody tr').count()).to.equal(3);
    expect(networkRequests).to.deep.equal([]);
    await page.close();
  });

  it("the single-file Allure report shows the trend chart attached to the drill's test", async () => {
    const svgFile = join(tmp.path, "trend.svg");
    writeFileSync(svgFile, renderTrendSvg(fixtureHistory(), "kill-control-plane-pods"));
    const results = join(tmp.path, "allure-results");
    const report = join(tmp.path, "allure-report-single");
    // Through allure-mocha, as the drill suite attaches it, so the results have the real shape.
    await execa(process.execPath, [MOCHA, "--no-config", "--require", "tsx", "--extension", "ts", "--reporter", "allure-mocha", "--reporter-option", `resultsDir=${results}`, ATTACHING_SPEC], {
      cwd: projectRoot,
      env: { KUBEDRILL_TREND_SVG: svgFile },
    });
    await execa(ALLURE, ["generate", results, "--clean", "--single-file", "-o", report]);

    const { page } = await offlinePage();
    await page.goto(`${pathToFileURL(join(report, "index.html")).href}#suites`);
    await page.getByText("kubedrill", { exact: true }).click(WAIT);
    await page.getByText("kill-control-plane-pods", { exact: true }).click(WAIT);
    await page.getByText("recovery trend", { exact: true }).click(WAIT);
    // Allure 2 previews an SVG attachment as an <img> of a blob URL: read what it loaded.
    const image = page.locator("allure-attachment img");
    await image.waitFor(WAIT);
    const loaded = await image.evaluate(async (element) => {
      const img = element as unknown as LoadedImage; // no DOM types in this project's compile
      await img.decode(); // rejects unless Chromium could draw it
      return { width: img.naturalWidth, svg: await (await fetch(img.src)).text() };
    });
    expect(loaded.width).to.equal(760);
    await page.setContent(loaded.svg);
    expect(await pointsPerMetric(page, "kill-control-plane-pods")).to.deep.equal({ [TIME_TO_RECOVERY]: 3, "API server ready": 3, "nodes Ready": 3 });
    await page.close();
  });
});
