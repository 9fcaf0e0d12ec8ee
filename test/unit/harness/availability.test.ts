import { expect } from "chai";
import { demuxDockerLog, parseProbeLog, summarizeAvailability } from "../../../harness/workload/availability.js";
import { proberScript } from "../../../harness/workload/prober.js";

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString().replace(".000Z", ".123456789Z");
const log = (...results: Array<"ok" | "fail">) => results.map((r, i) => `${at(i)} ${r}`).join("\n");

describe("availability", () => {
  it("reads docker's nanosecond timestamps and skips noise", () => {
    const samples = parseProbeLog(`${at(0)} ok\nwget: bad address\n${at(1)} fail\n`);
    expect(samples).to.deep.equal([
      { at: Date.UTC(2026, 0, 1, 0, 0, 0, 123), ok: true },
      { at: Date.UTC(2026, 0, 1, 0, 0, 1, 123), ok: false },
    ]);
  });

  it("measures the longest gap from the last success before an outage to the first after it", () => {
    const report = summarizeAvailability(parseProbeLog(log("ok", "fail", "fail", "ok", "fail", "ok", "ok")));
    expect(report).to.deep.equal({ samples: 7, successes: 4, successRatio: 4 / 7, longestGapMs: 3_000, windowMs: 6_000 });
  });

  it("counts outages at the start and at the end of the window", () => {
    expect(summarizeAvailability(parseProbeLog(log("fail", "fail", "ok"))).longestGapMs).to.equal(2_000);
    expect(summarizeAvailability(parseProbeLog(log("ok", "ok", "fail", "fail", "fail"))).longestGapMs).to.equal(3_000);
    expect(summarizeAvailability(parseProbeLog(log("ok", "ok"))).longestGapMs).to.equal(0);
    expect(summarizeAvailability([])).to.include({ samples: 0, successRatio: 0 });
  });

  it("unpacks docker's multiplexed log frames", () => {
    const frame = (stream: number, text: string) => {
      const header = Buffer.alloc(8);
      header.writeUInt8(stream, 0);
      header.writeUInt32BE(Buffer.byteLength(text), 4);
      return Buffer.concat([header, Buffer.from(text)]);
    };
    expect(demuxDockerLog(Buffer.concat([frame(1, "a ok\n"), frame(2, "b fail\n")]))).to.equal("a ok\nb fail\n");
  });

  it("probes in a bounded loop", () => {
    const script = proberScript({ image: "i", host: "10.0.0.2", port: 30080, expect: "marker", runId: "r", maxSeconds: 90, intervalSeconds: 2 });
    expect(script).to.include('while [ "$i" -lt 45 ]');
    expect(script).to.include("| timeout 3 nc -w 2 10.0.0.2 30080 2>/dev/null | grep -q 'marker'; then echo ok; else echo fail; fi");
  });
});
