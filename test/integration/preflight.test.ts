import { expect } from "chai";
import Docker from "dockerode";
import { dockerPreflightDeps } from "../../harness/preflight.js";
import { PROBE_IMAGE } from "../support/docker.js";
import { rejectionOf } from "../support/rejection.js";

describe("preflight against the local Docker engine", () => {
  const deps = dockerPreflightDeps(new Docker());

  it("tells an image Docker has from one it does not", async () => {
    expect(await deps.hasImage(PROBE_IMAGE)).to.equal(true);
    expect(await deps.hasImage("kubedrill.local/no-such-image:v0")).to.equal(false);
  });

  it("measures the free space of Docker's data root", async () => {
    const free = await deps.dockerFreeSpace();
    expect(free?.path).to.match(/^\//);
    expect(free?.bytes).to.be.above(0);
  });

  it("reports a pull that cannot succeed as an error naming where it failed", async () => {
    // kubedrill.local is no registry anywhere: the engine refuses the pull.
    expect((await rejectionOf(deps.pullImage("kubedrill.local/no-such-image:v0"))).message).to.include("kubedrill.local");
  });
});
