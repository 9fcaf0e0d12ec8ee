import { expect } from "chai";
import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { appendHistory, readHistory, regressionOf } from "../../../reports/history.js";
import { entry, runsOf } from "../../support/history-fixtures.js";
import { useTempDir } from "../../support/temp-dir.js";

describe("recovery-time history", () => {
  const tmp = useTempDir("history");

  describe("file", () => {
    it("appends whole lines across runs, creating the directory, and reads them back in order", () => {
      const file = join(tmp.path, "out", "history", "recovery-history.jsonl");
      appendHistory(file, [entry("r1", 0), entry("r1", 1, { drill: "delete-sa-key" })]);
      appendHistory(file, [entry("r2", 2, { verdict: "failed", category: "verification", timeToRecoveryMs: undefined })]);
      const lines = readFileSync(file, "utf8").split("\n");
      expect(lines).to.have.length(4);
      expect(lines[3]).to.equal("");
      const history = readHistory(file, () => expect.fail("no warning expected"));
      expect(history.map((h) => `${h.runId}/${h.drill}/${h.verdict}`)).to.deep.equal(["r1/wipe-etc-kubernetes/passed", "r1/delete-sa-key/passed", "r2/wipe-etc-kubernetes/failed"]);
      expect(history[0]).to.deep.equal(entry("r1", 0));
    });

    it("reads a missing file as an empty history", () => {
      expect(readHistory(join(tmp.path, "nope.jsonl"))).to.deep.equal([]);
    });

    it("skips each damaged line with one warning naming the file and line, keeping the rest", () => {
      const file = join(tmp.path, "history.jsonl");
      appendHistory(file, [entry("r1", 0)]);
      appendFileSync(file, '{"runId":"r2","finishedAt":"2026-11-27T00:01:00Z","dri\n'); // torn write
      appendFileSync(file, `${JSON.stringify({ ...entry("r3", 2), verdict: "maybe" })}\n`);
      appendFileSync(file, `${JSON.stringify({ ...entry("r4", 3), milestones: { "API server ready": "fast" } })}\n\n`);
      appendHistory(file, [entry("r5", 4)]);
      const warnings: string[] = [];
      const history = readHistory(file, (message) => warnings.push(message));
      expect(history.map((h) => h.runId)).to.deep.equal(["r1", "r5"]);
      expect(warnings).to.deep.equal([
        `${file}:2: skipped a damaged history line (not JSON)`,
        `${file}:3: skipped a damaged history line ("verdict" must be "passed" or "failed")`,
        `${file}:4: skipped a damaged history line ("milestones" must map names to non-negative numbers)`,
      ]);
    });

    it("rejects entries with a missing field or a time that is not a time", () => {
      const file = join(tmp.path, "history.jsonl");
      const { drill: _drill, ...withoutDrill } = entry("r1", 0);
      appendFileSync(file, `${JSON.stringify(withoutDrill)}\n${JSON.stringify({ ...entry("r2", 1), finishedAt: "yesterday" })}\n[]\n`);
      const warnings: string[] = [];
      expect(readHistory(file, (message) => warnings.push(message))).to.deep.equal([]);
      expect(warnings.map((w) => w.replace(`${file}:`, ""))).to.deep.equal([
        `1: skipped a damaged history line ("drill" must be a non-empty string)`,
        `2: skipped a damaged history line ("finishedAt" must be an ISO time)`,
        `3: skipped a damaged history line (not a JSON object)`,
      ]);
    });

    it("fails with one line when the file cannot be read at all", () => {
      const dir = join(tmp.path, "a-directory.jsonl");
      mkdirSync(dir);
      expect(() => readHistory(dir)).to.throw(/^\[cleanup\] cannot read the recovery history .*a-directory\.jsonl: EISDIR/);
    });
  });

  describe("regressionOf", () => {
    const drill = "wipe-etc-kubernetes";
    const latest = (timeToRecoveryMs: number) => entry("now", 60, { timeToRecoveryMs });
    const fivePassing = runsOf(drill, [38_000, 40_000, 40_000, 41_000, 45_000]); // median 40 s

    it("flags a time to recovery 26 % above the median of the last five passing runs", () => {
      const result = regressionOf(fivePassing, latest(50_400));
      expect(result).to.include({ flagged: true, medianMs: 40_000, basis: 5 });
      expect(result.ratio).to.be.closeTo(1.26, 1e-9);
      expect(result.note).to.equal("regression: 1.26× the median 40.0 s of the last 5 passing runs");
    });

    it("does not flag 24 % above, nor exactly 25 %", () => {
      expect(regressionOf(fivePassing, latest(49_600))).to.include({ flagged: false, medianMs: 40_000, basis: 5 });
      expect(regressionOf(fivePassing, latest(50_000))).to.include({ flagged: false, medianMs: 40_000 });
      expect(regressionOf(fivePassing, latest(49_600)).note).to.equal("1.24× the median 40.0 s of the last 5 passing runs");
    });

    it("takes only the five most recent passing runs, by finish time rather than file order", () => {
      const old = runsOf(drill, [100_000, 100_000, 100_000, 100_000, 100_000]).map((h, i) => ({ ...h, runId: `old${i}`, finishedAt: `2026-11-26T00:0${i}:00.000Z` }));
      const shuffled = [fivePassing[2]!, old[4]!, fivePassing[0]!, old[0]!, fivePassing[4]!, old[2]!, fivePassing[1]!, old[1]!, fivePassing[3]!, old[3]!];
      expect(regressionOf(shuffled, latest(50_400))).to.include({ flagged: true, medianMs: 40_000, basis: 5 });
    });

    it("ignores failed runs when taking the median", () => {
      const failedFast = runsOf(drill, [10_000, 10_000, 10_000], { verdict: "failed", category: "verification" }).map((h, i) => ({ ...h, runId: `f${i}`, finishedAt: `2026-11-27T00:3${i}:00.000Z` }));
      const result = regressionOf([...fivePassing, ...failedFast], latest(45_000));
      expect(result).to.include({ flagged: false, medianMs: 40_000, basis: 5 });
    });

    it("ignores other drills, the entry's own run and runs that finished after it", () => {
      const three = runsOf(drill, [40_000, 40_000, 40_000]);
      const own = latest(45_000);
      const ignored = [
        ...runsOf("delete-sa-key", [10_000, 10_000, 10_000]),
        entry("later", 90, { timeToRecoveryMs: 10_000 }),
        entry(own.runId, 50, { timeToRecoveryMs: 10_000 }),
        own,
      ];
      for (const extra of ignored) expect(regressionOf([...three, extra], own), extra.runId).to.include({ flagged: false, medianMs: 40_000, basis: 3 });
    });

    it("says so instead of flagging when fewer than three earlier passing runs exist", () => {
      const result = regressionOf(runsOf(drill, [10_000, 10_000]), latest(100_000));
      expect(result).to.deep.equal({ flagged: false, basis: 2, note: "not compared: 2 earlier passing runs, 3 needed" });
      expect(regressionOf(runsOf(drill, [10_000, 10_000, 10_000]), latest(100_000))).to.include({ flagged: true, basis: 3 });
    });

    it("takes the middle of an even number of runs and skips entries without a time to recovery", () => {
      expect(regressionOf(runsOf(drill, [30_000, 40_000, 50_000, 60_000]), latest(56_300))).to.include({ flagged: true, medianMs: 45_000, basis: 4 });
      expect(regressionOf(fivePassing, entry("now", 60, { verdict: "failed", timeToRecoveryMs: undefined }))).to.include({ flagged: false, basis: 0 });
    });
  });
});
