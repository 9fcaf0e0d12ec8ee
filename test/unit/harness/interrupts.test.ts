import { expect } from "chai";
import { EventEmitter } from "node:events";
import { Interrupt, watchInterrupts, type InterruptSignal, type SignalSource } from "../../../harness/drill/interrupts.js";

/** A process stand-in: tests send it signals and see whether, and with which code, it exited. */
function fakeProcess() {
  const emitter = new EventEmitter();
  const exits: number[] = [];
  const lines: string[] = [];
  const send = (signal: InterruptSignal) => emitter.emit(signal, signal);
  const options = { source: emitter as SignalSource, exit: (code: number) => void exits.push(code), log: (line: string) => void lines.push(line) };
  return { emitter, exits, lines, send, options };
}

describe("interrupts", () => {
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143], ["SIGHUP", 129]] as const) {
    it(`${signal}: the first aborts the drill's signal, the second exits at once with ${code}`, () => {
      const proc = fakeProcess();
      const watch = watchInterrupts(proc.options);
      expect(watch.signal.aborted).to.equal(false);

      proc.send(signal);
      expect(watch.signal.aborted).to.equal(true);
      expect(watch.signal.reason).to.be.instanceOf(Interrupt).and.include({ signalName: signal, message: signal });
      expect(proc.exits, "cleanup gets its chance").to.deep.equal([]);

      proc.send(signal);
      expect(proc.exits).to.deep.equal([code]);
      watch.dispose();
    });
  }

  it("treats the three signals alike: any second one exits with its own code", () => {
    const proc = fakeProcess();
    const watch = watchInterrupts(proc.options);
    proc.send("SIGHUP");
    proc.send("SIGTERM");
    expect((watch.signal.reason as Interrupt).signalName).to.equal("SIGHUP");
    expect(proc.exits).to.deep.equal([143]);
    watch.dispose();
  });

  it("stops listening once disposed", () => {
    const proc = fakeProcess();
    const watch = watchInterrupts(proc.options);
    watch[Symbol.dispose]();
    expect(["SIGINT", "SIGTERM", "SIGHUP"].map((s) => proc.emitter.listenerCount(s))).to.deep.equal([0, 0, 0]);
    proc.send("SIGINT");
    expect(watch.signal.aborted).to.equal(false);
  });
});
