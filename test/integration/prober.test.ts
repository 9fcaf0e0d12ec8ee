import { expect } from "chai";
import type Docker from "dockerode";
import { randomBytes } from "node:crypto";
import { RUN_LABEL } from "../../harness/run-state.js";
import { Prober } from "../../harness/workload/prober.js";
import { configureReaper, removeLabelledContainers } from "../../harness/workload/reaper.js";
import { PROBE_IMAGE, removeProbes, requireDocker, startProbe } from "../support/docker.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("data-plane prober (testcontainers on a Docker network)", () => {
  const suffix = randomBytes(3).toString("hex");
  const network = `kubedrill-test-${suffix}`;
  let docker: Docker;
  let server: Docker.Container;
  let host: string;
  const ryuk = process.env.TESTCONTAINERS_RYUK_DISABLED;

  before(async () => {
    docker = await requireDocker();
    // The reaper image cannot be pulled here; kubedrill labels and removes its own containers.
    await configureReaper(docker);
    await docker.createNetwork({ Name: network, Labels: { "io.kubedrill.test": "true" } });
    server = await startProbe(docker, `kubedrill-test-web-${suffix}`, {
      network,
      cmd: ["sh", "-c", "mkdir -p /www && echo kubedrill-sentinel > /www/index.html && httpd -f -p 8080 -h /www"],
    });
    const info = await server.inspect();
    host = info.NetworkSettings.Networks[network]!.IPAddress;
  });

  after(async () => {
    if (ryuk === undefined) delete process.env.TESTCONTAINERS_RYUK_DISABLED; // configureReaper may have set it for this suite only
    else process.env.TESTCONTAINERS_RYUK_DISABLED = ryuk;
    if (!docker) return;
    await removeProbes(docker);
    await removeLabelledContainers(docker, RUN_LABEL, `test-${suffix}`);
    await docker.getNetwork(network).remove().catch(() => undefined);
  });

  it("records successes and the outage per target while the service stops answering", async () => {
    const targets = [{ node: "web", host }, { node: "nobody", host: "192.0.2.1" }]; // TEST-NET-1: never answers
    const prober = await Prober.start(docker, { image: PROBE_IMAGE, targets, port: 8080, network, expect: "kubedrill-sentinel", runId: `test-${suffix}`, maxSeconds: 120 });
    await sleep(3_000);
    await server.pause();
    await sleep(5_000);
    await server.unpause();
    const unpausedAt = Date.now();
    await prober.waitForSamplesAfter(unpausedAt, 15_000);
    const { report, log } = await prober.stop();
    const [web, nobody] = report.nodes;
    expect(web!.samples, log).to.be.at.least(5);
    expect(web!.successes, log).to.be.at.least(2);
    expect(web!.successes, log).to.be.below(web!.samples);
    expect(web!.longestGapMs, log).to.be.within(3_000, 12_000);
    expect(web!.lastAt, log).to.be.greaterThan(unpausedAt);
    expect(nobody, log).to.include({ node: "nobody", successes: 0 });
    expect(nobody!.samples, log).to.be.greaterThan(0);
    expect(log).to.match(/^\S+Z ok web$/m);
    expect((await prober.stop()).report, "stop is idempotent").to.deep.equal(report);
  });

  it("labels its container with the run id so a crashed run's prober can be swept", async () => {
    const runId = `test-${suffix}`;
    await Prober.start(docker, { image: PROBE_IMAGE, targets: [{ node: "web", host }], port: 8080, network, expect: "kubedrill-sentinel", runId, maxSeconds: 60 });
    expect(await removeLabelledContainers(docker, RUN_LABEL, runId)).to.equal(1);
    expect(await removeLabelledContainers(docker, RUN_LABEL, runId)).to.equal(0);
  });
});
