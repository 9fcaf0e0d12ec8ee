import type Docker from "dockerode";
import { execa } from "execa";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DrillError } from "../errors.js";
import { CLUSTER_PREFIX } from "../run-state.js";
import { quoteArg } from "../shell.js";
import { KIND_CLUSTER_LABEL } from "./leftovers.js";

/** Label on what the soak itself makes, so it can be found by hand if a soak dies. */
export const SOAK_LABEL = "io.kubedrill.soak";

/** plantedRunId names an earlier run the soak fakes; "f" tells it apart from kubedrill's "r" ids. */
export function plantedRunId(): string {
  return `f${randomBytes(3).toString("hex").slice(0, 5)}`;
}

function runDir(stateRoot: string, runId: string): string {
  return join(stateRoot, "runs", runId);
}

function runJson(runId: string): string {
  return `${JSON.stringify({ runId, pid: process.pid, startedAt: new Date().toISOString() }, null, 2)}\n`;
}

/** tornRunJson is a run.json cut off half-way, as a crash in the middle of a plain write would leave it. */
export function tornRunJson(runId: string): string {
  const whole = runJson(runId);
  return whole.slice(0, Math.floor(whole.length / 2));
}

/** plantTornRunFile makes the directory of an earlier run whose run.json is torn; returns the directory. */
export function plantTornRunFile(stateRoot: string, runId: string): string {
  const dir = runDir(stateRoot, runId);
  mkdirSync(join(dir, "clusters"), { recursive: true });
  writeFileSync(join(dir, "run.json"), tornRunJson(runId));
  return dir;
}

/** An undeletable leftover: remove() undoes what made it undeletable, then removes it. */
export interface PlantedLeftover {
  runId: string;
  cluster: string;
  /** The shell line that removes it by hand, should the soak die before remove() runs. */
  manualRemoval: string;
  remove(): Promise<void>;
}

const PIN = "soak-pin";

/**
 * plantUndeletableLeftover makes a dead earlier run (a valid run.json, no liveness lock) that
 * recorded a cluster kind cannot delete. The cluster is one created, never started container
 * carrying kind's cluster label, so `kind get clusters` lists it; an immutable file in its
 * writable layer makes Docker refuse to remove it, so `kind delete cluster` fails for real.
 * Needs root and a local overlay2 engine on a filesystem with immutable files (ext4, xfs).
 */
export async function plantUndeletableLeftover(stateRoot: string, runId: string, docker: Docker, image: string, soakId: string): Promise<PlantedLeftover> {
  const cluster = `${CLUSTER_PREFIX}${runId}-undeletable`;
  const dir = runDir(stateRoot, runId);
  mkdirSync(join(dir, "clusters"), { recursive: true });
  writeFileSync(join(dir, "run.json"), runJson(runId));
  writeFileSync(join(dir, "clusters", `${cluster}.json`), `${JSON.stringify({ name: cluster, scenario: "undeletable", createdAt: new Date().toISOString() })}\n`);
  const container = await docker.createContainer({
    name: `${cluster}-control-plane`,
    Image: image,
    Cmd: ["true"],
    Labels: { [KIND_CLUSTER_LABEL]: cluster, [SOAK_LABEL]: soakId },
  });
  let pin: string | undefined;
  const remove = async () => {
    if (pin) await execa("chattr", ["-i", pin], { reject: false });
    await container.remove({ force: true, v: true }).catch((error: { statusCode?: number }) => {
      if (error.statusCode !== 404) throw error;
    });
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const upper = ((await container.inspect()) as { GraphDriver?: { Data?: { UpperDir?: string } } }).GraphDriver?.Data?.UpperDir;
    if (!upper) throw new Error("Docker's storage driver shows no writable layer directory (overlay2 is needed)");
    pin = join(upper, PIN);
    writeFileSync(pin, "kubedrill soak: makes this container undeletable until the soak removes it\n");
    await execa("chattr", ["+i", pin]);
  } catch (error) {
    await remove();
    throw new DrillError(`could not plant an undeletable leftover cluster (${(error as Error).message.split("\n")[0]})`, { stage: "infrastructure", cause: error });
  }
  const manualRemoval = `chattr -i ${quoteArg(pin)} && docker rm -f -v ${container.id.slice(0, 12)} && rm -rf ${quoteArg(dir)}`;
  return { runId, cluster, manualRemoval, remove };
}
