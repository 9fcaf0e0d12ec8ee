import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { DrillError } from "../errors.js";
import { projectRoot } from "../paths.js";
import type { Scenario } from "./define.js";
import { SCENARIO_SUFFIX, validateScenario } from "./validate.js";

export const SCENARIOS_DIR = join(projectRoot, "scenarios");

/** ScenarioRegistry holds every valid scenario, in file-name order. */
export class ScenarioRegistry {
  constructor(readonly all: readonly Scenario[]) {}

  get names(): string[] {
    return this.all.map((s) => s.name);
  }

  /** select returns the named scenarios (all when none are named), refusing unknown names. */
  select(names: readonly string[]): Scenario[] {
    if (names.length === 0) return [...this.all];
    const unknown = names.filter((name) => !this.names.includes(name));
    if (unknown.length > 0) {
      throw new DrillError(`unknown scenario${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`, {
        stage: "input",
        hint: `available: ${this.names.join(", ")}`,
      });
    }
    return this.all.filter((s) => names.includes(s.name));
  }
}

/**
 * loadScenarios imports every `*.scenario.ts` in dir and validates it. Any invalid file
 * fails the whole load, naming the file and the reason: a drill run should never start
 * with a scenario set that is partly broken.
 */
export async function loadScenarios(dir = SCENARIOS_DIR): Promise<ScenarioRegistry> {
  const files = readdirSync(dir).filter((f) => f.endsWith(SCENARIO_SUFFIX)).sort().map((f) => join(dir, f));
  const problems: string[] = [];
  const scenarios: Scenario[] = [];
  for (const file of files) {
    const shown = displayPath(file);
    let exported: unknown;
    try {
      exported = ((await import(pathToFileURL(file).href)) as { default?: unknown }).default;
    } catch (error) {
      problems.push(`${shown}: failed to import: ${(error as Error).message.split("\n")[0]}`);
      continue;
    }
    const reasons = validateScenario(exported, file);
    const scenario = exported as Scenario;
    const twin = scenarios.find((s) => s.name === scenario?.name);
    if (twin) reasons.push(`name "${scenario.name}" is already used by ${displayPath(twin.file)}`);
    if (reasons.length > 0) problems.push(...reasons.map((reason) => `${shown}: ${reason}`));
    else scenarios.push(Object.freeze({ ...scenario, file }));
  }
  if (problems.length > 0) {
    throw new DrillError(`invalid scenario files:\n  ${problems.join("\n  ")}`, { stage: "load" });
  }
  if (scenarios.length === 0) throw new DrillError(`no *${SCENARIO_SUFFIX} files in ${displayPath(dir)}`, { stage: "load" });
  return new ScenarioRegistry(scenarios);
}

function displayPath(path: string): string {
  const rel = relative(projectRoot, path);
  return rel.startsWith("..") ? path : rel;
}
