import { Command, type OptionValues } from "@commander-js/extra-typings";
import { cacheDir } from "../paths.js";
import { RunState } from "../run-state.js";
import { loadScenarios } from "../scenario/registry.js";
import { loadToolchain, type Toolchain } from "../toolchain.js";
import { renderDryRun } from "./dry-run.js";
import { renderList } from "./list.js";
import { planDrills, type PlannedDrill } from "../drill/drills.js";
import { DrillError } from "../errors.js";
import { RESUME_EVERY_STEP_UP_TO, planProof, type Proof } from "../drill/proof.js";
import type { Scenario } from "../scenario/define.js";
import { checkSkippedSteps } from "./skip-steps.js";
import { collect, seconds, toRunRequest, wholeNumber, type RunRequest } from "./options.js";
import { runDrills } from "./run-drills.js";

/** buildProgram defines kubedrill's command line; actions set process.exitCode. */
export function buildProgram(log: (text: string) => void = console.log): Command {
  const program = new Command("kubedrill")
    .description("Disaster drills for kubeadm control planes on throwaway kind clusters")
    .showHelpAfterError()
    .exitOverride(); // before subcommands, which inherit it: errors reach bin/kubedrill.ts

  withDrillOptions(
    program
      .command("run", { isDefault: true })
      .description("run drills (all scenarios unless some are named)")
      .argument("[scenarios...]", "scenario names (see `list`)"),
  )
    .option("--dry-run", "print the nodes, commands and files each drill would touch; touch nothing")
    .option("--skip-step <name>", "leave this recovery step out (repeatable): the drill shows whether the runbook needs it", collect)
    .option("--fail-on-regression", "fail a drill whose time to recovery is more than 25% above the median of its last 5 passing runs")
    .option("--break-only", "break, confirm the damage, then keep the broken cluster and write its runbook, to recover it by hand")
    .action(async (names, flags) => {
      const request = toRunRequest(names, flags);
      const scenarios = (await loadScenarios()).select(request.scenarios);
      const drills = planDrills(scenarios, { topology: request.topology, skipSteps: request.skipSteps, named: names.length > 0 }, log);
      checkSkippedSteps(request.skipSteps, drills, scenarios);
      if (request.dryRun) {
        log(renderDryRun({ scenarios, drills, request, state: RunState.preview(cacheDir()), toolchain: optionalToolchain(request.image) }));
        return;
      }
      process.exitCode = await runDrills(request, drills, log);
    });

  withDrillOptions(
    program
      .command("prove")
      .description("prove runbooks on fresh clusters: each step needed, safe to run twice, resumable after an interrupt")
      .argument("<scenarios...>", "scenario names (see `list`)"),
  )
    .option("--resume-at <step>", `interrupt inside this step (repeatable; default: every step of runbooks up to ${RESUME_EVERY_STEP_UP_TO} steps, else the 3 slowest)`, collect)
    .option("--only <proof>", "run only these proofs: necessity, twice or cut (repeatable; cut keeps twice, whose times place the cuts)", collect)
    .action(async (names, flags) => {
      const request = toRunRequest(names, flags);
      const only = proofKinds(flags.only ?? []);
      const scenarios = (await loadScenarios()).select(request.scenarios);
      const drills = planProofs(scenarios, request, flags.resumeAt ?? [], only);
      checkSkippedSteps(flags.resumeAt ?? [], drills, scenarios, "--resume-at");
      process.exitCode = await runDrills(request, drills, log);
    });

  program
    .command("list")
    .description("describe the scenarios")
    .action(async () => {
      log(renderList((await loadScenarios()).all));
    });

  return program;
}

/** withDrillOptions adds what every command that runs drills takes: cluster shape, image, keeping, timeouts. */
function withDrillOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(command: Command<A, O, G>) {
  return command
    .option("--control-planes <n>", "control-plane nodes per cluster (picks or overrides the scenario's topology)", wholeNumber(1, 5))
    .option("--workers <n>", "worker nodes per cluster (overrides the scenario)", wholeNumber(0, 10))
    .option("--image <ref>", "kind node image (default: toolchain.json, or KUBEDRILL_NODE_IMAGE)")
    .option("--keep-cluster", "leave every cluster running afterwards")
    .option("--keep-on-failure", "leave a cluster running when its drill fails")
    .option("--create-timeout <seconds>", "timeout for `kind create cluster`", seconds)
    .option("--command-timeout <seconds>", "timeout for one command inside a node", seconds)
    .option("--ready-timeout <seconds>", "timeout for each wait (API ready, nodes Ready, ...)", seconds)
    .option("--damage-timeout <seconds>", "how long the damage may take to show before the drill fails as 'breakage had no effect'", seconds)
    .option("--settle-timeout <seconds>", "how long failing checks are retried while the cluster settles", seconds);
}

/** planProofs plans `prove`: for each named scenario, on its (first effective) topology, every proof drill. */
function planProofs(scenarios: readonly Scenario[], request: RunRequest, resumeAt: readonly string[], only: readonly Proof["kind"][]): PlannedDrill[] {
  const bases = planDrills(scenarios, { topology: request.topology, skipSteps: [], named: true }, () => undefined);
  let index = 0;
  const nextIndex = () => `${++index}-`;
  return scenarios.flatMap((scenario) => planProof(scenario, bases.find((b) => b.scenario === scenario.name)!, resumeAt, nextIndex, only));
}

const PROOF_NAMES: Record<string, Proof["kind"]> = { necessity: "necessity", twice: "idempotency", cut: "resumability" };

/** proofKinds reads `--only`: the proofs by the names the matrix uses. */
function proofKinds(names: readonly string[]): Proof["kind"][] {
  const unknown = names.filter((name) => !(name in PROOF_NAMES));
  if (unknown.length > 0) throw new DrillError(`--only ${unknown.join(", ")}: no such proof (necessity, twice, cut)`, { stage: "input" });
  return names.map((name) => PROOF_NAMES[name]!);
}

/** A dry run works before setup: the plan is printed with placeholders for what is unknown. */
function optionalToolchain(image?: string): Toolchain | undefined {
  try {
    return loadToolchain({ imageOverride: image });
  } catch {
    return undefined;
  }
}
