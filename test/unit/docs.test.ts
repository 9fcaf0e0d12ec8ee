import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../harness/paths.js";

const read = (path: string) => readFileSync(join(projectRoot, path), "utf8");

describe("docs", () => {
  it("the scenario guide's worked example is the shipped scenario file, unchanged", () => {
    const guide = read("docs/writing-scenarios.md");
    const example = /## Worked example[^\n]*\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(guide)?.[1];
    expect(example, "a ts code block after '## Worked example'").to.be.a("string");
    expect(example).to.equal(read("scenarios/delete-static-pod-manifests.scenario.ts"));
  });
});
