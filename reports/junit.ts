import { escapeAttribute as attr, escapeText as text } from "./markup.js";

/** One drill as a JUnit test case. */
export interface JUnitDrill {
  /** Drill id. */
  name: string;
  /** Becomes classname "kubedrill.<scenario>". */
  scenario: string;
  durationMs: number;
  verdict: "passed" | "failed" | "missing";
  /** Failure type. */
  category?: string;
  /** First line is the failure message attribute; the full text is the body. */
  message?: string;
  /** Milestone and step times etc., written as the test case's <properties>. */
  properties: Record<string, string>;
}

export interface JUnitRun {
  runId: string;
  /** ISO time the run started. */
  timestamp: string;
  drills: JUnitDrill[];
}

const MISSING_MESSAGE = "the drill reported no result (its process ended before writing one)";
const secondsOf = (ms: number) => (Math.max(0, ms) / 1000).toFixed(3);

/**
 * renderJUnit writes the run as JUnit XML for CI systems: one <testsuite name="kubedrill">,
 * one <testcase> per drill with its properties, a <failure> for a failed drill and an
 * <error> for one that never reported. Properties sit inside each testcase, where GitHub
 * test reporters and Jenkins read them.
 */
export function renderJUnit(run: JUnitRun): string {
  const count = (verdict: JUnitDrill["verdict"]) => run.drills.filter((d) => d.verdict === verdict).length;
  const totals = `tests="${run.drills.length}" failures="${count("failed")}" errors="${count("missing")}" time="${secondsOf(run.drills.reduce((sum, d) => sum + d.durationMs, 0))}"`;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="kubedrill" ${totals}>`,
    `  <testsuite name="kubedrill" ${totals} skipped="0" timestamp="${attr(run.timestamp)}">`,
    `    <properties>`,
    `      <property name="runId" value="${attr(run.runId)}"/>`,
    `    </properties>`,
    ...run.drills.map(testcase),
    `  </testsuite>`,
    `</testsuites>`,
    "",
  ].join("\n");
}

function testcase(drill: JUnitDrill): string {
  const properties = Object.entries(drill.properties);
  const lines = [`    <testcase name="${attr(drill.name)}" classname="kubedrill.${attr(drill.scenario)}" time="${secondsOf(drill.durationMs)}">`];
  if (properties.length > 0) {
    lines.push("      <properties>", ...properties.map(([name, value]) => `        <property name="${attr(name)}" value="${attr(value)}"/>`), "      </properties>");
  }
  if (drill.verdict === "failed") lines.push(outcome("failure", drill.message ?? `failed${drill.category ? ` (${drill.category})` : ""}`, drill.category ?? "failed"));
  if (drill.verdict === "missing") lines.push(outcome("error", drill.message ?? MISSING_MESSAGE, drill.category ?? "missing"));
  lines.push("    </testcase>");
  return lines.join("\n");
}

function outcome(element: "failure" | "error", message: string, type: string): string {
  const firstLine = message.split("\n", 1)[0]!.trim();
  return `      <${element} message="${attr(firstLine)}" type="${attr(type)}">${text(message)}</${element}>`;
}
