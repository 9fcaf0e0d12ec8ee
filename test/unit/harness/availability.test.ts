import { expect } from "chai";
import { demuxDockerLog, parseProbeLog, summarizeAvailability } from "../../../harness/workload/availability.js";
import { proberScript } from "../../../harness/workload/prober.js";

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString().replace(".000Z", ".123456789Z");
const log = (node: string, ...results: Array<"ok" | "fail">) => results.map((r, i) => `${at(i)} ${r} ${node}`).join("\n");

describe("availability", () => {
  it("reads docker's nanosecond timestamps, one node per line, and skips noise", () => {
    const samples = parseProbeLog(`${at(0)} ok w1\nwget: bad address\n${at(1)} fail w2\n`);
    expect(samples).to.deep.equal([
      { at: Date.UTC(2026, 0, 1, 0, 0, 0, 123), ok: true, node: "w1" },
      { at: Date.UTC(2026, 0, 1, 0, 0, 1, 123), ok: false, node: "w2" },
    ]);
  });

  it("measures each node's longest gap from the last success before an outage to the first after it", () => {
    const report = summarizeAvailability(["w1", "w2"], parseProbeLog(`${log("w1", "ok", "fail", "fail", "ok", "fail", "ok", "ok")}\n${log("w2", "ok", "ok")}`));
    expect(report.nodes[0]).to.include({ node: "w1", samples: 7, successes: 4, longestGapMs: 3_000, longestSilenceMs: 1_000 });
    expect(report.nodes[1]).to.include({ node: "w2", samples: 2, longestGapMs: 0 });
    expect(report).to.include({ samples: 9, successes: 6, longestGapMs: 3_000 });
  });

  it("counts outages at the start and at the end of the window", () => {
    const gap = (...results: Array<"ok" | "fail">) => summarizeAvailability(["n"], parseProbeLog(log("n", ...results))).longestGapMs;
    expect(gap("fail", "fail", "ok")).to.equal(2_000);
    expect(gap("ok", "ok", "fail", "fail", "fail")).to.equal(3_000);
    expect(gap("ok", "ok")).to.equal(0);
  });

  it("reports a node that never produced a sample, and the prober's silences", () => {
    const samples = parseProbeLog(`${at(0)} ok w1\n${at(30)} ok w1`);
    const report = summarizeAvailability(["w1", "w2"], samples);
    expect(report.nodes[0]!.longestSilenceMs).to.equal(30_000);
    expect(report.nodes[1]).to.include({ node: "w2", samples: 0, successRatio: 0, firstAt: undefined });
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

  it("probes every node in its own loop, bounded in time", () => {
    const script = proberScript({ image: "i", targets: [{ node: "w1", host: "10.0.0.2" }, { node: "w2", host: "10.0.0.3" }], port: 30080, expect: "marker", runId: "r", maxSeconds: 90 });
    expect(script).to.include("end=$(( $(date +%s) + 90 ))");
    expect(script).to.include('timeout 3 nc -w 2 "$2" 30080');
    expect(script).to.match(/probe w1 10\.0\.0\.2 &\nprobe w2 10\.0\.0\.3 &\nwait$/);
  });
});
