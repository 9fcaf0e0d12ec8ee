import { Command } from "@commander-js/extra-typings";
import { cacheDir } from "../paths.js";
import { RunState } from "../run-state.js";
import { loadScenarios } from "../scenario/registry.js";
import { loadToolchain, type Toolchain } from "../toolchain.js";
import { renderDryRun } from "./dry-run.js";
import { renderList } from "./list.js";
import { planDrills } from "../drill/drills.js";
import { checkSkippedSteps } from "./skip-steps.js";
import { collect, seconds, toRunRequest, wholeNumber } from "./options.js";
import { runDrills } from "./run-drills.js";

/** buildProgram defines kubedrill's command line; actions set process.exitCode. */
export function buildProgram(log: (text: string) => void = console.log): Command {
  const program = new Command("kubedrill")
    .description("Disaster drills for kubeadm control planes on throwaway kind clusters")
    .showHelpAfterError()
    .exitOverride(); // before subcommands, which inherit it: errors reach bin/kubedrill.ts

  program
    .command("run", { isDefault: true })
    .description("run drills (all scenarios unless some are named)")
    .argument("[scenarios...]", "scenario names (see `list`)")
    .option("--control-planes <n>", "control-plane nodes per cluster (overrides the scenario)", wholeNumber(1, 5))
    .option("--workers <n>", "worker nodes per cluster (overrides the scenario)", wholeNumber(0, 10))
    .option("--image <ref>", "kind node image (default: toolchain.json, or KUBEDRILL_NODE_IMAGE)")
    .option("--keep-cluster", "leave every cluster running afterwards")
    .option("--keep-on-failure", "leave a cluster running when its drill fails")
    .option("--dry-run", "print the nodes, commands and files each drill would touch; touch nothing")
    .option("--skip-step <name>", "leave this recovery step out (repeatable): the drill shows whether the runbook needs it", collect)
    .option("--fail-on-regression", "fail a drill whose time to recovery is more than 25% above the median of its last 5 passing runs")
    .option("--create-timeout <seconds>", "timeout for `kind create cluster`", seconds)
    .option("--command-timeout <seconds>", "timeout for one command inside a node", seconds)
    .option("--ready-timeout <seconds>", "timeout for each wait (API ready, nodes Ready, ...)", seconds)
    .option("--damage-timeout <seconds>", "how long the damage may take to show before the drill fails as 'breakage had no effect'", seconds)
    .option("--settle-timeout <seconds>", "how long failing checks are retried while the cluster settles", seconds)
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

  program
    .command("list")
    .description("describe the scenarios")
    .action(async () => {
      log(renderList((await loadScenarios()).all));
    });

  return program;
}

/** A dry run works before setup: the plan is printed with placeholders for what is unknown. */
function optionalToolchain(image?: string): Toolchain | undefined {
  try {
    return loadToolchain({ imageOverride: image });
  } catch {
    return undefined;
  }
}
