import { AssertionError, expect } from "chai";
import { Journal } from "../../../harness/drill/journal.js";
import type { DrillObserver } from "../../../harness/drill/observer.js";
import { Timeline } from "../../../harness/drill/timeline.js";
import { verdictError, verdictFor } from "../../../harness/drill/verdict.js";
import { DrillError } from "../../../harness/errors.js";
import { failedExpectations, runChecks, type Check } from "../../../harness/verify/check.js";
import { FakeClock } from "../../support/fake-clock.js";
import { rejectionOf } from "../../support/rejection.js";

describe("timeline", () => {
  it("times phases and measures recovery from the end of the breakage to the last milestone", () => {
    const clock = new FakeClock();
    const timeline = new Timeline(clock);
    const phase = (name: string, kind: Parameters<Timeline["begin"]>[1], ms: number, error?: string) => {
      const end = timeline.begin(name, kind, "recovery");
      clock.advance(ms);
      return end(error);
    };
    phase("create cluster", "setup", 60_000);
    phase("break", "break", 1_000);
    expect(phase("recover: certs-all", "recover", 4_000).sinceBreakMs).to.equal(4_000);
    expect(timeline.timeToRecoveryMs()).to.equal(undefined);
    phase("API server ready", "milestone", 20_000);
    phase("tokens valid", "milestone", 6_000);
    expect(timeline.timeToRecoveryMs()).to.equal(30_000);
    expect(timeline.records().map((r) => [r.name, r.startMs, r.durationMs])).to.deep.equal([
      ["create cluster", 0, 60_000],
      ["break", 60_000, 1_000],
      ["recover: certs-all", 61_000, 4_000],
      ["API server ready", 65_000, 20_000],
      ["tokens valid", 85_000, 6_000],
    ]);
  });

  it("has no time to recovery when a milestone was never reached", () => {
    const clock = new FakeClock();
    const timeline = new Timeline(clock);
    timeline.begin("break", "break", "infrastructure")();
    timeline.begin("nodes Ready", "milestone", "recovery")("timed out");
    expect(timeline.timeToRecoveryMs()).to.equal(undefined);
    expect(timeline.records()[1]).to.include({ status: "failed", error: "timed out" });
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
  it("tells failed recovery, failed verification and broken infrastructure apart", () => {
    expect(verdictFor(undefined)).to.deep.equal({ status: "passed" });
    expect(verdictFor(new DrillError("x", { stage: "recovery" }))).to.include({ status: "failed", category: "recovery" });
    expect(verdictFor(new DrillError("x", { stage: "verification" }))).to.include({ category: "verification" });
    expect(verdictFor(new AssertionError("[verification] 1 of 9 expectations failed"))).to.include({ category: "verification" });
    expect(verdictFor(new Error("socket hang up"))).to.include({ category: "infrastructure" });
    expect(verdictFor(new DrillError("bad flag", { stage: "input" }))).to.include({ category: "infrastructure" });
  });

  it("fails verification as an assertion (Allure 'failed') and everything else as an error ('broken')", () => {
    expect(verdictError({ status: "passed" })).to.equal(undefined);
    expect(verdictError({ status: "failed", category: "verification", message: "m" })).to.be.instanceOf(AssertionError);
    const broken = verdictError({ status: "failed", category: "recovery", message: "[recovery] m" })!;
    expect(broken).to.not.be.instanceOf(AssertionError);
    expect(broken.name).to.equal("DrillError");
  });
});

describe("checks", () => {
  const check = (name: string, passAfter: number, retry?: boolean): Check & { calls: number } => {
    const c = {
      name,
      retry,
      calls: 0,
      async run() {
        c.calls += 1;
        expect(c.calls, `${name} attempts`).to.be.greaterThan(passAfter);
      },
    };
    return c;
  };

  it("retries failing checks while the cluster settles, and names each expectation that still fails", async () => {
    const clock = new FakeClock();
    const settles = check("legacy token validates", 2);
    const never = check("pods kept their UIDs", Infinity);
    const budget = check("within budget", Infinity, false);
    const results = await runChecks([settles, never, budget], { settleMs: 20_000, intervalMs: 5_000, clock });
    expect(results.map((r) => r.passed)).to.deep.equal([true, false, false]);
    expect(settles.calls).to.equal(3);
    expect(budget.calls, "non-retryable check runs once").to.equal(1);
    expect(never.calls).to.equal(5);
    const error = failedExpectations(results)!;
    expect(error).to.be.instanceOf(AssertionError);
    expect(error.message).to.match(/^\[verification\] 2 of 3 expectations failed:\n {2}✗ pods kept their UIDs: .*\n {2}✗ within budget: /);
    expect(failedExpectations(results.slice(0, 1))).to.equal(undefined);
  });
});
