import { expect } from "chai";
import { readFileSync } from "node:fs";
import { parse, type Details, type Property, type TestCase, type TestSuites } from "junit2json";
import { validateXML } from "xmllint-wasm";
import { renderJUnit, type JUnitDrill } from "../../../reports/junit.js";

const schema = readFileSync(new URL("../../support/junit.xsd", import.meta.url), "utf8");

/** schemaErrors is what libxml2 finds wrong with the document against our JUnit schema: nothing when valid. */
async function schemaErrors(xml: string): Promise<string[]> {
  try {
    const result = await validateXML({ xml: { fileName: "junit.xml", contents: xml }, schema: { fileName: "junit.xsd", contents: schema } });
    return result.errors.map((e) => e.rawMessage);
  } catch (error) {
    return [(error as Error).message]; // not well-formed: xmllint gives up before validating
  }
}

/** readBack parses the document the way CI reporters do, attribute values kept as text. */
async function readBack(xml: string): Promise<TestSuites> {
  return (await parse(xml, {})) as TestSuites;
}
type ReadCase = TestCase & { properties?: Property[] };

const drill = (name: string, overrides: Partial<JUnitDrill> = {}): JUnitDrill => ({
  name,
  scenario: name,
  durationMs: 300_000,
  verdict: "passed",
  properties: { "time to recovery ms": "64000", "milestone: API server ready ms": "44000" },
  ...overrides,
});

const run = (drills: JUnitDrill[]) => ({ runId: "r1a2b3", timestamp: "2026-11-27T07:10:00.000Z", drills });

describe("JUnit XML", () => {
  const mixed = run([
    drill("wipe-etc-kubernetes [3cp+1w]", { scenario: "wipe-etc-kubernetes", durationMs: 412_345 }),
    drill("delete-sa-key", {
      verdict: "failed",
      category: "verification",
      durationMs: 200_000,
      message: "[verification] 1 of 14 expectations failed:\n  ✗ the legacy token Secret passes TokenReview",
    }),
    drill("kill-control-plane-pods", { verdict: "missing", durationMs: 0, properties: {} }),
  ]);

  it("validates against the JUnit schema", async () => {
    expect(await schemaErrors(renderJUnit(mixed))).to.deep.equal([]);
  });

  it("reads back with the counts, outcomes and properties of every drill", async () => {
    const suites = await readBack(renderJUnit(mixed));
    expect(suites).to.include({ name: "kubedrill", tests: "3", failures: "1", errors: "1", time: "612.345" });
    const suite = suites.testsuite![0]!;
    expect(suite).to.include({ name: "kubedrill", tests: "3", failures: "1", errors: "1", skipped: "0", time: "612.345", timestamp: "2026-11-27T07:10:00.000Z" });
    expect(suite.properties).to.deep.equal([{ name: "runId", value: "r1a2b3" }]);
    const [wipe, sa, kill] = suite.testcase as ReadCase[];
    expect(wipe).to.include({ name: "wipe-etc-kubernetes [3cp+1w]", classname: "kubedrill.wipe-etc-kubernetes", time: "412.345" });
    expect(wipe!.properties).to.deep.equal([
      { name: "time to recovery ms", value: "64000" },
      { name: "milestone: API server ready ms", value: "44000" },
    ]);
    expect(wipe!.failure).to.equal(undefined);
    expect(wipe!.error).to.equal(undefined);
    expect(sa!.failure).to.deep.equal([
      { message: "[verification] 1 of 14 expectations failed:", type: "verification", inner: "[verification] 1 of 14 expectations failed:\n  ✗ the legacy token Secret passes TokenReview" },
    ] satisfies Details[]);
    expect(kill!.error![0]).to.include({ type: "missing", message: "the drill reported no result (its process ended before writing one)" });
    expect(kill!.properties).to.equal(undefined);
  });

  it("escapes markup and removes control characters that command output carries", async () => {
    const output = 'kubeadm said <error> & "quit"\n\u001b[31mFAILED\u001b[0m\u0007 ]]> \u0000done \ud800';
    const xml = renderJUnit(run([drill("a<b>&c", { verdict: "failed", category: "recovery", message: output, properties: { 'step "x" <y>': "a\nb\tc" } })]));
    expect(await schemaErrors(xml)).to.deep.equal([]);
    const testcase = (await readBack(xml)).testsuite![0]!.testcase![0] as ReadCase;
    expect(testcase.name).to.equal("a<b>&c");
    expect(testcase.failure![0]).to.deep.equal({
      message: 'kubeadm said <error> & "quit"',
      type: "recovery",
      inner: 'kubeadm said <error> & "quit"\nFAILED\uFFFD ]]> \uFFFDdone \uFFFD',
    });
    expect(testcase.properties).to.deep.equal([{ name: 'step "x" <y>', value: "a\nb\tc" }]);
  });

  it("counts an empty run as zero tests", async () => {
    const xml = renderJUnit(run([]));
    expect(await schemaErrors(xml)).to.deep.equal([]);
    expect(await readBack(xml)).to.include({ tests: "0", failures: "0", errors: "0", time: "0.000" });
  });

  describe("the checks themselves", () => {
    it("reject a document with an unescaped < in a message", async () => {
      const escaped = renderJUnit(run([drill("a", { verdict: "failed", category: "recovery", message: "exit code 1: expected <none>" })]));
      const xml = escaped.replace("&lt;none&gt;</failure>", "<none></failure>");
      expect(xml).not.to.equal(escaped);
      expect(await schemaErrors(xml)).to.have.length.above(0);
      let parsed = true;
      await readBack(xml).catch(() => (parsed = false));
      expect(parsed, "junit2json should refuse a document that is not well-formed").to.equal(false);
    });

    it("reject a document that breaks the schema", async () => {
      expect(await schemaErrors(renderJUnit(mixed).replace('failures="1"', 'failures="one"'))).to.have.length.above(0);
      expect(await schemaErrors(renderJUnit(mixed).replace("</failure>", "</failure><failure message=\"again\" type=\"x\"/>"))).to.have.length.above(0);
    });
  });
});
