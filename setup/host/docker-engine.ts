import { spawn } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { DrillError } from "../../harness/errors.js";
import type { Progress } from "../lib/progress.js";
import { run, succeeds } from "../lib/run.js";
import { ensurePackages } from "./debian-packages.js";
import { hasCapability, planEngine, withWrapperRuntime, wrapperRuntimeName, type HostFacts } from "./engine-plan.js";

const daemonJsonPath = "/etc/docker/daemon.json";
const wrapperSource = join(dirname(fileURLToPath(import.meta.url)), "runc-without-sys-resource");
const wrapperTarget = "/usr/local/libexec/kubedrill/runc-without-sys-resource";
const dockerdLog = "/var/log/kubedrill-dockerd.log";
const phase = "setup: docker engine";

function readDaemonJson(): Record<string, unknown> {
  return existsSync(daemonJsonPath) ? (JSON.parse(readFileSync(daemonJsonPath, "utf8")) as Record<string, unknown>) : {};
}

async function engineAnswers(): Promise<boolean> {
  return succeeds(["docker", "info"], 15_000);
}

/** gatherHostFacts inspects the host without changing it. */
export async function gatherHostFacts(): Promise<HostFacts> {
  const answers = await engineAnswers();
  const defaultRuntime = answers
    ? (await run(["docker", "info", "--format", "{{.DefaultRuntime}}"], { phase })).trim()
    : readDaemonJson()["default-runtime"];
  return {
    engineAnswers: answers,
    dockerdInstalled: await succeeds(["sh", "-c", "command -v dockerd"]),
    hasSysResourceCap: hasCapability(readFileSync("/proc/self/status", "utf8")),
    wrapperIsDefaultRuntime: defaultRuntime === wrapperRuntimeName,
  };
}

/** ensureDockerEngine installs, configures and starts Docker only as far as this host needs. */
export async function ensureDockerEngine(progress: Progress, logFile: string): Promise<boolean> {
  const facts = await gatherHostFacts();
  const actions = planEngine(facts);
  progress.info(`host: ${JSON.stringify(facts)} → ${actions.length ? actions.join(", ") : "no change"}`);
  for (const action of actions) {
    switch (action) {
      case "install-docker":
        await ensurePackages(["docker.io"], phase, logFile);
        break;
      case "register-runtime-wrapper":
        await ensurePackages(["jq"], phase, logFile); // the wrapper edits the OCI spec with jq
        mkdirSync(dirname(wrapperTarget), { recursive: true });
        copyFileSync(wrapperSource, wrapperTarget);
        chmodSync(wrapperTarget, 0o755);
        mkdirSync(dirname(daemonJsonPath), { recursive: true });
        writeFileSync(daemonJsonPath, `${JSON.stringify(withWrapperRuntime(readDaemonJson(), wrapperTarget), null, 2)}\n`);
        break;
      case "restart-dockerd":
        await stopDockerd();
        await startDockerd();
        break;
      case "start-dockerd":
        await startDockerd();
        break;
    }
  }
  return actions.length === 0;
}

function systemdRuns(): boolean {
  return existsSync("/run/systemd/system");
}

async function startDockerd(): Promise<void> {
  if (systemdRuns()) {
    await run(["systemctl", "start", "docker"], { phase });
  } else {
    // No init system to own it: detach dockerd so it outlives this process.
    const out = openSync(dockerdLog, "a");
    spawn("dockerd", [], { detached: true, stdio: ["ignore", out, out] }).unref();
  }
  for (let i = 0; i < 60; i++) {
    if (await engineAnswers()) return;
    await sleep(1_000);
  }
  throw new DrillError(`${phase}: dockerd did not answer within 60s`, {
    stage: "infrastructure",
    stdout: existsSync(dockerdLog) ? readFileSync(dockerdLog, "utf8").split("\n").slice(-30).join("\n") : undefined,
    hint: `see ${dockerdLog}`,
  });
}

async function stopDockerd(): Promise<void> {
  if (systemdRuns()) {
    await run(["systemctl", "stop", "docker"], { phase });
    return;
  }
  const pidFile = "/var/run/docker.pid";
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").trim());
  process.kill(pid, "SIGTERM");
  for (let i = 0; i < 30 && existsSync(`/proc/${pid}`); i++) await sleep(1_000);
}
