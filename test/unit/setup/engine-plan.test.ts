import { expect } from "chai";
import { hasCapability, planEngine, withWrapperRuntime, type HostFacts } from "../../../setup/host/engine-plan.js";

const facts = (over: Partial<HostFacts>): HostFacts => ({
  engineAnswers: false,
  dockerdInstalled: false,
  hasSysResourceCap: true,
  wrapperIsDefaultRuntime: false,
  ...over,
});

describe("setup: Docker engine plan", () => {
  it("leaves a working engine on a host with every capability alone", () => {
    expect(planEngine(facts({ engineAnswers: true, dockerdInstalled: true }))).to.deep.equal([]);
  });

  it("leaves an engine alone that already uses the wrapper", () => {
    expect(planEngine(facts({ engineAnswers: true, hasSysResourceCap: false, wrapperIsDefaultRuntime: true }))).to.deep.equal([]);
  });

  it("registers the wrapper and restarts a running engine when CAP_SYS_RESOURCE is missing", () => {
    expect(planEngine(facts({ engineAnswers: true, dockerdInstalled: true, hasSysResourceCap: false }))).to.deep.equal([
      "register-runtime-wrapper",
      "restart-dockerd",
    ]);
  });

  it("installs, wraps and starts Docker on a fresh host without the capability", () => {
    expect(planEngine(facts({ hasSysResourceCap: false }))).to.deep.equal(["install-docker", "register-runtime-wrapper", "start-dockerd"]);
  });

  it("only starts an installed engine on a host with the capability", () => {
    expect(planEngine(facts({ dockerdInstalled: true }))).to.deep.equal(["start-dockerd"]);
  });

  it("does not register the wrapper twice when daemon.json already has it", () => {
    expect(planEngine(facts({ dockerdInstalled: true, hasSysResourceCap: false, wrapperIsDefaultRuntime: true }))).to.deep.equal(["start-dockerd"]);
  });
});

describe("setup: capability bounding set", () => {
  const status = (capBnd: string) => `Name:\tnode\nCapEff:\t000001ffffffffff\nCapBnd:\t${capBnd}\n`;

  it("sees CAP_SYS_RESOURCE (bit 24) when it is set", () => {
    expect(hasCapability(status("000001ffffffffff"))).to.equal(true);
  });

  it("sees it missing on the project's hosts (bit 24 cleared)", () => {
    expect(hasCapability(status("000001fffeffffff"))).to.equal(false);
  });

  it("fails loudly on a status text without CapBnd", () => {
    expect(() => hasCapability("Name:\tx\n")).to.throw(/CapBnd/);
  });
});

describe("setup: daemon.json", () => {
  it("adds the wrapper as default runtime and keeps other settings and runtimes", () => {
    const out = withWrapperRuntime({ "log-level": "warn", runtimes: { crun: { path: "/usr/bin/crun" } } }, "/w");
    expect(out).to.deep.equal({
      "log-level": "warn",
      runtimes: { crun: { path: "/usr/bin/crun" }, "kubedrill-runc": { path: "/w" } },
      "default-runtime": "kubedrill-runc",
    });
  });
});
