import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../harness/paths.js";
import { loadScenarios } from "../../harness/scenario/registry.js";

const read = (path: string) => readFileSync(join(projectRoot, path), "utf8");

describe("docs and workflows", () => {
  it("the scenario guide's worked example is the shipped scenario file, unchanged", () => {
    const guide = read("docs/writing-scenarios.md");
    const example = /## Worked example[^\n]*\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(guide)?.[1];
    expect(example, "a ts code block after '## Worked example'").to.be.a("string");
    expect(example).to.equal(read("scenarios/delete-static-pod-manifests.scenario.ts"));
  });

  it("the nightly workflow proves every shipped scenario", async () => {
    const workflow = read(".github/workflows/nightly-drills.yml");
    const listed = /\n {8}scenario:\n((?: {10}- \S+\n)+)/.exec(workflow)?.[1]?.match(/[a-z0-9-]+$/gm);
    expect(listed, "the prove job's scenario matrix").to.deep.equal((await loadScenarios()).names);
  });
});
