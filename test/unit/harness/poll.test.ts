import { expect } from "chai";
import { DrillError } from "../../../harness/errors.js";
import { pollUntil } from "../../../harness/poll.js";
import { FakeClock } from "../../support/fake-clock.js";
import { rejectionOf } from "../../support/rejection.js";

describe("pollUntil", () => {
  const start = 1_000_000;

  it("retries until the attempt succeeds, sleeping on the injected clock", async () => {
    const clock = new FakeClock(start);
    let calls = 0;
    const value = await pollUntil(async () => (++calls < 3 ? Promise.reject(new Error("not yet")) : "ready"), {
      what: "x", timeoutMs: 60_000, intervalMs: 1_000, stage: "recovery", clock,
    });
    expect([value, calls, clock.time - start]).to.deep.equal(["ready", 3, 2_000]);
  });

  it("times out at the deadline with the stage, what it waited for and the last reason", async () => {
    const clock = new FakeClock(start);
    const error = await rejectionOf<DrillError>(
      pollUntil(() => Promise.reject(new Error("connection refused")), { what: "API server ready", timeoutMs: 10_000, intervalMs: 3_000, stage: "recovery", clock }),
    );
    expect(error.stage).to.equal("recovery");
    expect(error.message).to.match(/^\[recovery\] API server ready: not reached within 10s \(4 attempts\); last: connection refused$/m);
    expect(clock.time - start).to.equal(10_000);
  });

  it("cuts a slow attempt at the deadline, even one that ignores its signal", async () => {
    const clock = new FakeClock(start);
    let cutAt: number | undefined;
    let calls = 0;
    const slow = async (signal: AbortSignal) => {
      calls += 1;
      if (calls === 1) throw new Error("connection refused");
      signal.addEventListener("abort", () => (cutAt = clock.now()));
      await clock.sleep(600_000); // a hung API call: ten minutes, deaf to the signal
      return "too late";
    };
    const error = await rejectionOf<DrillError>(pollUntil(slow, { what: "API server ready", timeoutMs: 10_000, intervalMs: 2_000, stage: "recovery", clock }));
    expect(cutAt).to.equal(start + 10_000);
    expect(error.message).to.match(/not reached within 10s \(2 attempts\); last: connection refused; the final attempt was cut off at the deadline$/m);
  });

  it("stops the whole wait at once when its signal aborts, even mid-attempt", async () => {
    const clock = new FakeClock(start);
    const interrupt = new AbortController();
    let calls = 0;
    let attemptSignal: AbortSignal | undefined;
    const attempt = (signal: AbortSignal) => {
      calls += 1;
      if (calls === 1) return Promise.reject(new Error("not yet"));
      attemptSignal = signal;
      interrupt.abort(new Error("SIGINT"));
      return new Promise<never>(() => undefined); // never settles
    };
    const error = await rejectionOf<DrillError>(pollUntil(attempt, { what: "nodes Ready", timeoutMs: 60_000, intervalMs: 1_000, stage: "recovery", clock, signal: interrupt.signal }));
    expect(error.message).to.match(/^\[recovery\] nodes Ready: interrupted \(SIGINT\)$/m);
    expect(attemptSignal?.aborted, "the attempt is told to stop").to.equal(true);
    expect([calls, clock.time - start]).to.deep.equal([2, 1_000]);
  });

  it("does not start when already interrupted", async () => {
    const interrupt = new AbortController();
    interrupt.abort(new Error("SIGTERM"));
    let calls = 0;
    const error = await rejectionOf(pollUntil(async () => ++calls, { what: "x", timeoutMs: 1_000, stage: "recovery", clock: new FakeClock(), signal: interrupt.signal }));
    expect([error.message, calls]).to.deep.equal(["[recovery] x: interrupted (SIGTERM)", 0]);
  });

  it("gives up naming the last failed command in one line, keeping it pasteable", async () => {
    const failed = new DrillError("command exited 1 on cp", { stage: "recovery", node: "cp", argv: ["crictl", "ps"], exitCode: 1, stderr: "no such container" });
    const error = await rejectionOf<DrillError>(pollUntil(() => Promise.reject(failed), { what: "etcd running", timeoutMs: 4_000, intervalMs: 1_000, stage: "recovery", clock: new FakeClock() }));
    expect(error.summary).to.equal("etcd running: not reached within 4s (4 attempts); last: command exited 1 on cp");
    expect(error.pasteable).to.equal("docker exec --privileged cp crictl ps");
    expect(error.message).to.include("stderr:\n    no such container");
  });
});
