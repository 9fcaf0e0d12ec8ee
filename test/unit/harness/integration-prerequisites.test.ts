import { expect } from "chai";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PreflightDeps } from "../../../harness/preflight.js";
import { integrationProblem } from "../../support/prerequisites.js";
import { useTempDir } from "../../support/temp-dir.js";
import { OFFLINE_TOOLCHAIN } from "../../support/toolchain.js";

const TOOLCHAIN = OFFLINE_TOOLCHAIN;

function docker(options: { reachable?: boolean; images?: string[] }): PreflightDeps {
  return {
    pingDocker: async () => {
      if (options.reachable === false) throw new Error("connect ENOENT /var/run/docker.sock");
    },
    hasImage: async (ref) => (options.images ?? []).includes(ref),
    pullImage: () => Promise.reject(new Error("must not pull")),
    dockerFreeSpace: async () => undefined,
  };
}

describe("integration test prerequisites", () => {
  const tmp = useTempDir("prereq");
  const env = () => ({ KUBEDRILL_CACHE: tmp.path });
  const withToolchain = (content: string) => writeFileSync(join(tmp.path, "toolchain.json"), content);

  it("are met with toolchain.json, Docker and the workload image", async () => {
    withToolchain(JSON.stringify(TOOLCHAIN));
    expect(await integrationProblem(env(), docker({ images: [TOOLCHAIN.workloadImage] }))).to.equal(undefined);
  });

  it("name what is missing in one line that says to run setup first", async () => {
    const first = "integration tests need `npm run setup` first: ";
    expect(await integrationProblem(env(), docker({}))).to.equal(`${first}${tmp.path}/toolchain.json is missing`);
    withToolchain("{");
    expect(await integrationProblem(env(), docker({}))).to.match(new RegExp(`^${first.replace(/[`()]/g, "\\$&")}\\[input\\] ${tmp.path}/toolchain.json: not valid JSON`));
    withToolchain(JSON.stringify(TOOLCHAIN));
    expect(await integrationProblem(env(), docker({ reachable: false }))).to.equal(
      `${first}Docker is not reachable (connect ENOENT /var/run/docker.sock): start the Docker engine; \`npm run setup\` does this on a fresh machine`,
    );
    expect(await integrationProblem(env(), docker({}))).to.include(`${first}the workload image kubedrill.local/workload:busybox is not in Docker`);
  });
});
