import { expect } from "chai";
import type { Clock } from "../../../../harness/clock.js";
import { allOf, type Milestone } from "../../../../harness/verify/milestones.js";
import { MilestoneTrack } from "../../../../harness/watch/track.js";
import { RecoveryWatcher } from "../../../../harness/watch/watcher.js";
import { ManualClock } from "../../../support/fake-clock.js";

const ORIGIN = 1_000_000;

describe("milestone track", () => {
  const track = (samples: Array<[number, boolean]>) => {
    const t = new MilestoneTrack("api", "API ready", ORIGIN);
    for (const [after, ok] of samples) t.record({ at: ORIGIN + after, ok, ...(ok ? {} : { detail: `down at ${after}` }) });
    return t.observation();
  };

  it("is reached at the first sample of the last unbroken run of true samples", () => {
    const o = track([[500, false], [1500, false], [2500, true], [3500, true]]);
    expect(o.reachedAfterMs).to.equal(2500);
    expect(o.transitions).to.deep.equal([
      { afterMs: 500, ok: false, detail: "down at 500" },
      { afterMs: 2500, ok: true },
    ]);
    expect(o.samples).to.equal(4);
  });

  it("counts a milestone that flapped from when it last came back, not when it first did", () => {
    expect(track([[500, true], [1500, false], [2500, true], [3500, true]]).reachedAfterMs).to.equal(2500);
  });

  it("is not reached when the last sample is false, however often it was true before", () => {
    expect(track([[500, true], [1500, true], [2500, false]]).reachedAfterMs).to.equal(undefined);
    expect(track([]).reachedAfterMs).to.equal(undefined);
  });

  it("is reached at once when it never went down", () => {
    expect(track([[300, true], [1300, true]]).reachedAfterMs).to.equal(300);
  });
});

describe("recovery watcher", () => {
  const milestone = (id: Milestone["id"], intervalMs: number, up: (now: number) => boolean, clock: Clock): Milestone => ({
    id,
    title: id,
    intervalMs,
    check: {
      name: `${id} check`,
      async run() {
        if (!up(clock.now())) throw new Error(`${id} down`);
      },
    },
  });

  it("samples each milestone on its own interval and times when it came back, from the end of the breakage", async () => {
    const clock = new ManualClock(ORIGIN);
    const api = milestone("api", 1000, (now) => now >= ORIGIN + 4_000, clock);
    const nodes = milestone("nodes", 2000, (now) => now >= ORIGIN + 9_000, clock);
    const watcher = RecoveryWatcher.start([api, nodes], { origin: ORIGIN, clock });
    await clock.run(ORIGIN + 12_000);
    const [a, n] = await watcher.stop({ at: clock.now(), results: [{ name: "api check", passed: true }, { name: "nodes check", passed: true }] });
    expect(a!.reachedAfterMs).to.equal(4_000);
    expect(n!.reachedAfterMs).to.equal(10_000); // sampled every 2 s: first seen at 10 s
    expect(a!.samples).to.be.greaterThan(n!.samples);
    expect(a!.transitions[0]).to.deep.include({ afterMs: 0, ok: false, detail: "api down" });
  });

  it("takes the final verification as the last sample: a milestone that failed there is not reached", async () => {
    const clock = new ManualClock(ORIGIN);
    const watcher = RecoveryWatcher.start([milestone("tokens", 1000, () => true, clock)], { origin: ORIGIN, clock });
    await clock.run(ORIGIN + 5_000);
    const [t] = await watcher.stop({ at: clock.now(), results: [{ name: "tokens check", passed: false, message: "legacy token rejected" }] });
    expect(t!.reachedAfterMs).to.equal(undefined);
    expect(t!.transitions.at(-1)).to.deep.include({ ok: false, detail: "legacy token rejected" });
  });

  it("counts a sample that hangs as false and keeps sampling", async () => {
    const clock = new ManualClock(ORIGIN);
    let calls = 0;
    const hangsOnce: Milestone = {
      id: "api",
      title: "api",
      intervalMs: 1000,
      check: { name: "api check", run: () => (++calls === 1 ? new Promise<void>(() => undefined) : Promise.resolve()) },
    };
    const watcher = RecoveryWatcher.start([hangsOnce], { origin: ORIGIN, clock, sampleTimeoutMs: 20 });
    await new Promise((resolve) => setTimeout(resolve, 60));
    await clock.run(ORIGIN + 3_000);
    const [o] = await watcher.stop();
    expect(o!.transitions[0]).to.deep.include({ ok: false, detail: "no answer within 20ms" });
    expect(o!.reachedAfterMs).to.not.equal(undefined);
  });
});

describe("a milestone made of several checks", () => {
  it("runs them at once and fails with the first, in order, that failed", async () => {
    let releaseFirst!: () => void;
    const firstWaits = new Promise<void>((resolve) => (releaseFirst = resolve));
    const checks = [
      { name: "a", run: () => firstWaits.then(() => Promise.reject(new Error("a failed"))) },
      // Runs while the first is still waiting: it lets the first finish.
      { name: "b", run: async () => releaseFirst() },
      { name: "c", run: () => Promise.reject(new Error("c failed")) },
    ];
    const error = await allOf("all", checks).run().then(() => undefined, (e: Error) => e);
    expect(error?.message).to.equal("a failed");
    await allOf("none failing", [checks[1]!]).run();
  });
});
