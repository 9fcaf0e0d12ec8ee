import { AssertionError, expect } from "chai";
import { Journal } from "../../../harness/drill/journal.js";
import type { DrillObserver } from "../../../harness/drill/observer.js";
import { Timeline } from "../../../harness/drill/timeline.js";
import { verdictError, verdictFor } from "../../../harness/drill/verdict.js";
import { DrillError } from "../../../harness/errors.js";
import { failedExpectations, verifyTogether, type Check } from "../../../harness/verify/check.js";
import { FakeClock } from "../../support/fake-clock.js";
import { rejectionOf } from "../../support/rejection.js";

describe("timeline", () => {
  it("times phases and measures every phase after the breakage from its end", () => {
    const clock = new FakeClock();
    const timeline = new Timeline(clock);
    const phase = (name: string, kind: Parameters<Timeline["begin"]>[1], ms: number, error?: string) => {
      const end = timeline.begin(name, kind, "recovery");
      clock.advance(ms);
      return end(error);
    };
    phase("create cluster", "setup", 60_000);
    expect(timeline.breakage()).to.equal(undefined);
    phase("break", "break", 1_000);
    expect(timeline.breakage()).to.deep.equal({ startAt: 1_060_000, endAt: 1_061_000 });
    expect(phase("confirm the damage", "damage", 500).sinceBreakMs).to.equal(500);
    expect(phase("recover: certs-all", "recover", 4_000).sinceBreakMs).to.equal(4_500);
    expect(timeline.skip("recover: bootstrap-token", "recover", "recovery")).to.include({ status: "skipped", durationMs: 0, sinceBreakMs: 4_500 });
    expect(timeline.records().map((r) => [r.name, r.startMs, r.durationMs])).to.deep.equal([
      ["create cluster", 0, 60_000],
      ["break", 60_000, 1_000],
      ["confirm the damage", 61_000, 500],
      ["recover: certs-all", 61_500, 4_000],
      ["recover: bootstrap-token", 65_500, 0],
    ]);
  });

  it("has no breakage when the break phase failed", () => {
    const timeline = new Timeline(new FakeClock());
    timeline.begin("break", "break", "infrastructure")("docker exec failed");
    expect(timeline.breakage()).to.equal(undefined);
  });
});

describe("journal", () => {
  it("reports a failed phase in the phase's category and lets observers wrap phases in order", async () => {
    const order: string[] = [];
    const observer = (tag: string): DrillObserver => ({
      wrapPhase: async (name, body) => {
        order.push(`${tag}>${name}`);
        const result = await body();
        order.push(`${tag}<${name}`);
        return result;
      },
      phaseFinished: (record) => void order.push(`finished ${record.name} ${record.status}`),
    });
    const journal = new Journal(new Timeline(new FakeClock()), [observer("a"), observer("b")]);
    expect(await journal.phase("step", "recover", "recovery", async () => 42)).to.equal(42);
    expect(order).to.deep.equal(["b>step", "a>step", "a<step", "b<step", "finished step passed", "finished step passed"]);

    const infra = new DrillError("docker exec failed", { stage: "infrastructure", node: "n", argv: ["kubeadm"] });
    const error = await rejectionOf<DrillError>(journal.phase("certs-all", "recover", "recovery", () => Promise.reject(infra)));
    expect(error).to.be.instanceOf(DrillError);
    expect(error.stage).to.equal("recovery");
    expect(error.message).to.match(/^\[recovery\] docker exec failed\n {2}\$ docker exec --privileged n kubeadm/);

    const failed = new AssertionError("[verification] 1 of 2 expectations failed");
    expect(await rejectionOf(journal.phase("verify", "verify", "verification", () => Promise.reject(failed)))).to.equal(failed);
  });
});

describe("verdict", () => {
  it("tells failed recovery, failed verification, a breakage without effect and broken infrastructure apart", () => {
    expect(verdictFor(undefined)).to.deep.equal({ status: "passed" });
    expect(verdictFor(new DrillError("x", { stage: "recovery" }))).to.include({ status: "failed", category: "recovery" });
    expect(verdictFor(new DrillError("x", { stage: "verification" }))).to.include({ category: "verification" });
    expect(verdictFor(new DrillError("breakage had no effect", { stage: "breakage" }))).to.include({ category: "breakage" });
    expect(verdictFor(new AssertionError("[verification] 1 of 9 expectations failed"))).to.include({ category: "verification" });
    expect(verdictFor(new Error("socket hang up"))).to.include({ category: "infrastructure" });
    expect(verdictFor(new DrillError("bad flag", { stage: "input" }))).to.include({ category: "infrastructure" });
  });

  it("fails verification and a breakage without effect as assertions (Allure 'failed'), everything else as an error ('broken')", () => {
    expect(verdictError({ status: "passed" })).to.equal(undefined);
    expect(verdictError({ status: "failed", category: "verification", message: "m" })).to.be.instanceOf(AssertionError);
    expect(verdictError({ status: "failed", category: "breakage", message: "m" })).to.be.instanceOf(AssertionError);
    const broken = verdictError({ status: "failed", category: "recovery", message: "[recovery] m" })!;
    expect(broken).to.not.be.instanceOf(AssertionError);
    expect(broken.name).to.equal("DrillError");
  });
});

describe("final verification", () => {
  /** A check that passes on the given attempts (1-based) and fails on the others. */
  const check = (name: string, passes: (attempt: number) => boolean): Check & { calls: number } => {
    const c = {
      name,
      calls: 0,
      async run() {
        c.calls += 1;
        expect(passes(c.calls), `${name} on attempt ${c.calls}`).to.equal(true);
      },
    };
    return c;
  };

  it("re-runs every check in each pass and is healthy only when one pass passes them all", async () => {
    const clock = new FakeClock();
    // Each passes at some point, but not in the same pass until the fourth.
    const a = check("nodes Ready", (n) => n !== 2);
    const b = check("tokens valid", (n) => n >= 2);
    const c = check("kube-root-ca.crt current", (n) => n === 1 || n >= 4);
    const outcome = await verifyTogether([a, b, c], { settleMs: 60_000, intervalMs: 5_000, clock });
    expect(outcome.passes).to.equal(4);
    expect([a.calls, b.calls, c.calls]).to.deep.equal([4, 4, 4]);
    expect(outcome.healthyAt).to.equal(1_015_000);
    expect(outcome.results.every((r) => r.passed)).to.equal(true);
  });

  it("gives up after the settle time and names each expectation that failed in the last pass", async () => {
    const clock = new FakeClock();
    const outcome = await verifyTogether([check("legacy token validates", () => true), check("pods kept their UIDs", () => false)], { settleMs: 20_000, intervalMs: 5_000, clock });
    expect(outcome.healthyAt).to.equal(undefined);
    expect(outcome.passes).to.equal(5);
    const error = failedExpectations(outcome.results)!;
    expect(error).to.be.instanceOf(AssertionError);
    expect(error.message).to.match(/^\[verification\] 1 of 2 expectations failed:\n {2}✗ pods kept their UIDs: /);
    expect(failedExpectations(outcome.results.slice(0, 1))).to.equal(undefined);
  });
});
