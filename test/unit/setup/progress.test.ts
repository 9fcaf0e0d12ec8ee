import { expect } from "chai";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { debootstrapMeter } from "../../../setup/images/node-rootfs.js";
import { ArtifactCache } from "../../../setup/lib/cache.js";
import { formatSeconds, LiveStatus, type ProgressStream } from "../../../setup/lib/live-status.js";
import { Progress } from "../../../setup/lib/progress.js";
import { run } from "../../../setup/lib/run.js";
import { buildGoComponent } from "../../../setup/toolchain/go-build.js";
import { goPackagesMeter } from "../../../setup/toolchain/go-components.js";
import { FakeClock } from "../../support/fake-clock.js";
import { useTempDir } from "../../support/temp-dir.js";

const clearLine = "\r\x1b[2K";

/** A stream that records each write with the fake time it happened at. */
function recorder(clock: FakeClock, isTTY: boolean, columns = 200) {
  const writes: Array<{ at: number; text: string }> = [];
  const stream: ProgressStream = { isTTY, columns, write: (text) => writes.push({ at: clock.now(), text }) };
  return { stream, writes };
}

/**
 * simulateGoBuild plays a long `go build -v`: `packages` lines at `everyMs`,
 * then a quiet link of `linkMs`, with the one-second timer ticking throughout.
 */
function simulateGoBuild(clock: FakeClock, live: LiveStatus, packages: number, everyMs: number, linkMs: number): void {
  live.measure(goPackagesMeter);
  live.estimate(packages);
  let sinceTick = 0;
  const advance = (ms: number) => {
    clock.advance(ms);
    sinceTick += ms;
    if (sinceTick >= 1000) {
      live.tick();
      sinceTick -= 1000;
    }
  };
  for (let i = 1; i <= packages; i++) {
    advance(everyMs);
    live.line(`example.com/mod/pkg${i}`);
  }
  for (let t = 0; t < linkMs; t += 1000) advance(1000);
}

/** longestSilenceMs is the longest stretch, from `start` to `end`, with no write. */
function longestSilenceMs(writes: Array<{ at: number }>, start: number, end: number): number {
  const times = [start, ...writes.map((w) => w.at), end];
  return Math.max(...times.slice(1).map((t, i) => t - times[i]!));
}

describe("setup: live progress of long stages", () => {
  it("never leaves a nine-minute build silent in a CI log, and prints at most one line per 30 s", () => {
    const clock = new FakeClock();
    const start = clock.now();
    const { stream, writes } = recorder(clock, false);
    const live = new LiveStatus("go build kubernetes", stream, clock);
    simulateGoBuild(clock, live, 2700, 200, 60_000);

    expect(longestSilenceMs(writes, start, clock.now())).to.be.at.most(31_000);
    const gaps = writes.slice(1).map((w, i) => w.at - writes[i]!.at);
    expect(Math.min(...gaps)).to.be.at.least(30_000);
    expect(writes.length).to.equal(20); // 600 s of build: one line per 30 s, not one per package
    expect(writes.every((w) => w.text.endsWith("\n") && !w.text.includes("\r"))).to.equal(true);
    expect(writes[0]!.text).to.equal("[setup]   go build kubernetes: 149/2700 packages, 30.0s · example.com/mod/pkg149\n");
    expect(writes.at(-1)!.text).to.match(/: 2700\/2700 packages, 10m00s/);
  });

  it("rewrites one line in place on a terminal, at most four times a second", () => {
    const clock = new FakeClock();
    const { stream, writes } = recorder(clock, true, 60);
    const live = new LiveStatus("go build etcd", stream, clock);
    simulateGoBuild(clock, live, 600, 10, 0); // 100 packages a second

    expect(writes.length).to.be.within(20, 25); // 6 s at one redraw per 250 ms
    expect(writes.every((w) => w.text.startsWith(clearLine) && !w.text.includes("\n"))).to.equal(true);
    expect(writes.every((w) => w.text.length - clearLine.length <= 59)).to.equal(true);
    expect(writes.at(-1)!.text).to.equal(`${clearLine}[setup]   go build etcd: 599/600 packages, 6.0s · example.…`);
  });

  it("reports the build moving through Progress: cleared before other lines, counted in the final line", async () => {
    const clock = new FakeClock();
    const { stream, writes } = recorder(clock, true);
    const progress = new Progress({ out: stream, clock });
    await progress.stage("go build etcd", async (live) => {
      live.measure(goPackagesMeter);
      live.estimate(2);
      clock.advance(500);
      live.line("example.com/a");
      progress.info("a message");
      clock.advance(500);
      live.line("example.com/b");
      return false;
    });
    expect(writes.map((w) => w.text)).to.deep.equal([
      "[setup] ▶ go build etcd\n",
      `${clearLine}[setup]   go build etcd: 1/2 packages, 0.5s · example.com/a`,
      clearLine,
      "[setup]   a message\n",
      `${clearLine}[setup]   go build etcd: 2/2 packages, 1.0s · example.com/b`,
      clearLine,
      "[setup] ✓ go build etcd 1.0s (2/2 packages)  [total 1.0s]\n",
    ]);
  });

  it("ticks a stage whose command prints nothing, and stops ticking when it ends", async () => {
    const clock = new FakeClock();
    const { stream, writes } = recorder(clock, false);
    const timers: Array<() => void> = [];
    const repeat = (ms: number, fn: () => void) => {
      expect(ms).to.equal(1000);
      timers.push(fn);
      return () => void timers.splice(timers.indexOf(fn), 1);
    };
    await new Progress({ out: stream, clock, repeat }).stage("node image", async () => {
      for (let s = 0; s < 65; s++) {
        clock.advance(1000);
        timers.forEach((tick) => tick());
      }
    });
    expect(timers).to.deep.equal([]);
    expect(writes.map((w) => w.text)).to.deep.equal([
      "[setup] ▶ node image\n",
      "[setup]   node image: 30.0s\n",
      "[setup]   node image: 1m00s\n",
      "[setup] ✓ node image 1m05s  [total 1m05s]\n",
    ]);
  });

  it("ends a CI log stage with one final line that counts the work", async () => {
    const clock = new FakeClock();
    const { stream, writes } = recorder(clock, false);
    await new Progress({ out: stream, clock }).stage("node rootfs (debootstrap)", async (live) => {
      live.measure(debootstrapMeter);
      clock.advance(2000);
      live.line("I: Retrieving libc6 2.36-9");
    });
    expect(writes.map((w) => w.text)).to.deep.equal([
      "[setup] ▶ node rootfs (debootstrap)\n",
      "[setup] ✓ node rootfs (debootstrap) 2.0s (1 steps)  [total 2.0s]\n",
    ]);
  });
});

describe("setup: durations in progress lines", () => {
  it("carries rounded seconds into the minutes", () => {
    expect([formatSeconds(12.34), formatSeconds(61), formatSeconds(179.6), formatSeconds(600)]).to.deep.equal(["12.3s", "1m01s", "3m00s", "10m00s"]);
  });
});

describe("setup: reading progress from command output", () => {
  it("counts the packages go build -v names, standard library included, and shows downloads", () => {
    expect(goPackagesMeter.read("k8s.io/kubernetes/cmd/kubelet")).to.deep.equal({ item: "k8s.io/kubernetes/cmd/kubelet", counts: true });
    expect(goPackagesMeter.read("internal/abi")?.counts).to.equal(true);
    expect(goPackagesMeter.read("runtime")?.counts).to.equal(true);
    expect(goPackagesMeter.read("go: downloading golang.org/x/net v0.38.0")).to.deep.equal({ item: "downloading golang.org/x/net v0.38.0", counts: false });
  });
  it("does not count compiler errors or other chatter as packages", () => {
    for (const line of ["# k8s.io/kubernetes/pkg/kubelet", "pkg/kubelet/x.go:1:2: undefined: y", "", "note: module requires Go 1.25"]) {
      expect(goPackagesMeter.read(line), line).to.equal(undefined);
    }
  });
  it("counts debootstrap's steps and skips its warnings", () => {
    expect(debootstrapMeter.read("I: Unpacking libc6...")).to.deep.equal({ item: "Unpacking libc6...", counts: true });
    expect(debootstrapMeter.read("W: Cannot check Release signature")).to.equal(undefined);
  });
});

describe("setup: commands feed progress as they print", () => {
  const tmp = useTempDir("progress");

  it("hands every line of both streams to onLine and still returns and logs the whole output", async () => {
    const seen: string[] = [];
    const logFile = join(tmp.path, "log");
    const stdout = await run(["sh", "-c", "echo one; echo two >&2; printf three"], { phase: "t", logFile, onLine: (l) => seen.push(l) });
    expect([...seen].sort()).to.deep.equal(["one", "three", "two"]);
    expect(stdout).to.equal("one\nthree");
    expect(readFileSync(logFile, "utf8")).to.contain("one").and.contain("two").and.contain("three");
  });

  it("counts a Go component's packages against go's own estimate while it builds", async () => {
    // A stand-in `go` that, like the real one, names packages only under -v.
    const bin = join(tmp.path, "bin");
    const fakeGo = [
      "#!/bin/sh",
      'pkgs="example.com/m/a\nexample.com/m/b\nexample.com/m"',
      'if [ "$1" = list ]; then echo "go: downloading example.com/m v1.0.0" >&2; printf "%s\\n" "$pkgs"; exit 0; fi',
      'for arg in "$@"; do [ "$arg" = -v ] && printf "%s\\n" "$pkgs" >&2; done',
      "exit 0",
    ].join("\n");
    await run(["mkdir", "-p", bin], { phase: "t" });
    writeFileSync(join(bin, "go"), fakeGo);
    chmodSync(join(bin, "go"), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    try {
      const clock = new FakeClock();
      const { stream } = recorder(clock, false);
      const live = new LiveStatus("go build podnet", stream, clock);
      const component = { name: "podnet", packages: ["."], ldflags: "-s -w" };
      await buildGoComponent(new ArtifactCache(join(tmp.path, "cache")), component, "go0", join(tmp.path, "log"), live);
      expect(live.summary()).to.equal("3/3 packages");
    } finally {
      process.env.PATH = path;
    }
  });
});
