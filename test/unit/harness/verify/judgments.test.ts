import { expect } from "chai";
import type { Expectations } from "../../../../harness/scenario/define.js";
import { runPass } from "../../../../harness/verify/check.js";
import { drillJudgments, type DrillJudgmentInput } from "../../../../harness/verify/drill-checks.js";
import type { MilestoneObservation } from "../../../../harness/watch/track.js";
import { summarizeAvailability, type ProbeSample } from "../../../../harness/workload/availability.js";

const BREAK_START = 1_000_000;
const HEALTHY = BREAK_START + 60_000;

const expectations: Expectations = {
  caRotated: false,
  preDrillToken: "valid",
  workloadsKeepPods: true,
  availability: { minSuccessRatio: 0.9, maxGapSeconds: 10 },
  budget: { recoverySeconds: 120, apiSeconds: 30 },
};

/** One sample a second through `node` over [from, to], failing inside `down`. */
const samples = (node: string, from: number, to: number, down?: [number, number]): ProbeSample[] =>
  Array.from({ length: Math.floor((to - from) / 1000) + 1 }, (_, i) => {
    const at = from + i * 1000;
    return { node, at, ok: !(down && at >= down[0] && at <= down[1]) };
  });

const api = (reachedAfterMs?: number): MilestoneObservation => ({ id: "api", title: "API ready", samples: 50, transitions: [], ...(reachedAfterMs === undefined ? {} : { reachedAfterMs }) });

const judge = async (overrides: Partial<DrillJudgmentInput> & { probes?: ProbeSample[] } = {}) => {
  const probes = overrides.probes ?? [...samples("w1", BREAK_START - 5_000, HEALTHY + 1_000), ...samples("w2", BREAK_START - 5_000, HEALTHY + 1_000)];
  const results = await runPass(
    drillJudgments({
      expectations,
      availability: summarizeAvailability(["w1", "w2"], probes),
      window: { from: BREAK_START, to: HEALTHY },
      timeToRecoveryMs: 55_000,
      milestones: [api(12_000)],
      ...overrides,
    }),
  );
  return { failed: results.filter((r) => !r.passed), all: results };
};

describe("drill judgments", () => {
  it("pass when every node was probed across the whole window and answered, within the budgets", async () => {
    const { failed, all } = await judge();
    expect(failed).to.deep.equal([]);
    expect(all.map((r) => r.name)).to.include.members([
      "prober covered w1 from before the break until after the final verification",
      "data plane through w2 answered at least 90% of probes",
      "verified healthy within the 120s budget",
      "API ready within 30s of the break",
    ]);
  });

  it("fail when the prober stopped early: its last sample precedes the final verification", async () => {
    const stoppedEarly = [...samples("w1", BREAK_START - 5_000, BREAK_START + 20_000), ...samples("w2", BREAK_START - 5_000, HEALTHY + 1_000)];
    const { failed } = await judge({ probes: stoppedEarly });
    expect(failed.map((r) => r.name)).to.deep.equal(["prober covered w1 from before the break until after the final verification"]);
    expect(failed[0]!.message).to.include("must follow the final verification");
  });

  it("fail when the first sample came after the break started", async () => {
    const late = [...samples("w1", BREAK_START + 2_000, HEALTHY + 1_000), ...samples("w2", BREAK_START - 5_000, HEALTHY + 1_000)];
    expect((await judge({ probes: late })).failed[0]!.message).to.include("must precede the break");
  });

  it("fail when the prober was silent in the middle of the window", async () => {
    const silent = [
      ...samples("w1", BREAK_START - 5_000, BREAK_START + 10_000),
      ...samples("w1", BREAK_START + 25_000, HEALTHY + 1_000),
      ...samples("w2", BREAK_START - 5_000, HEALTHY + 1_000),
    ];
    expect((await judge({ probes: silent })).failed[0]!.message).to.include("longest time without any sample (15.0s)");
  });

  it("fail a node that was never probed", async () => {
    const { failed } = await judge({ probes: samples("w2", BREAK_START - 5_000, HEALTHY + 1_000) });
    expect(failed.map((r) => r.name)).to.include("prober covered w1 from before the break until after the final verification");
  });

  it("fail an outage through one node longer than allowed, and too few answers", async () => {
    const outage = [...samples("w1", BREAK_START - 5_000, HEALTHY + 1_000, [BREAK_START, BREAK_START + 20_000]), ...samples("w2", BREAK_START - 5_000, HEALTHY + 1_000)];
    const names = (await judge({ probes: outage })).failed.map((r) => r.name);
    expect(names).to.deep.equal(["data plane through w1 answered at least 90% of probes", "longest data-plane gap through w1 at most 10s"]);
  });

  it("fail when the final verification never passed, or took longer than the budget", async () => {
    expect((await judge({ timeToRecoveryMs: undefined })).failed[0]!.message).to.include("the final verification never passed");
    expect((await judge({ timeToRecoveryMs: 121_000 })).failed[0]!.message).to.include("time to recovery (2m01s)");
  });

  it("fail a milestone over its own budget, or never reached", async () => {
    expect((await judge({ milestones: [api(31_000)] })).failed[0]!.message).to.include("API ready reached after 31.0s");
    expect((await judge({ milestones: [api(undefined)] })).failed[0]!.message).to.include("never observed to stay true");
  });
});
