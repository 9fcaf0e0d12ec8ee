import { execa, type ExecaError } from "execa";
import { DrillError } from "../errors.js";
import { renderArgv } from "../shell.js";

export interface KindCliOptions {
  /** Receives kind's progress lines (it prints them on stderr). */
  log?: (line: string) => void;
  /** Default timeout for quick commands; create and load take their own. */
  timeoutMs?: number;
}

/** The kind argv for each operation, shared by execution and --dry-run. */
export const kindArgs = {
  create: (name: string, config: string, kubeconfig: string) =>
    ["create", "cluster", "--name", name, "--config", config, "--kubeconfig", kubeconfig, "--wait", "0s"],
  delete: (name: string, kubeconfig: string) => ["delete", "cluster", "--name", name, "--kubeconfig", kubeconfig],
  exportKubeconfig: (name: string, kubeconfig: string) => ["export", "kubeconfig", "--name", name, "--kubeconfig", kubeconfig],
  loadDockerImage: (name: string, image: string) => ["load", "docker-image", image, "--name", name],
  loadImageArchive: (name: string, archive: string) => ["load", "image-archive", archive, "--name", name],
  getClusters: () => ["get", "clusters"],
  version: () => ["version"],
};

/**
 * KindCli runs the kind binary. Every call passes an explicit --kubeconfig where kind
 * would otherwise write the user's ~/.kube/config.
 */
export class KindCli {
  constructor(readonly binary: string, private readonly options: KindCliOptions = {}) {}

  /** createCluster runs `kind create cluster`; an abort cancels kind (the caller deletes what it left). */
  async createCluster(name: string, config: string, kubeconfig: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    await this.run(kindArgs.create(name, config, kubeconfig), { timeoutMs, kubeconfig, signal });
  }

  async deleteCluster(name: string, kubeconfig: string, signal?: AbortSignal): Promise<void> {
    await this.run(kindArgs.delete(name, kubeconfig), { kubeconfig, signal });
  }

  /** deleteCommand is the shell line that deletes a cluster by hand, as this binary would. */
  deleteCommand(name: string, kubeconfig: string): string {
    return renderArgv([this.binary, ...kindArgs.delete(name, kubeconfig)]);
  }

  async exportKubeconfig(name: string, kubeconfig: string, signal?: AbortSignal): Promise<void> {
    await this.run(kindArgs.exportKubeconfig(name, kubeconfig), { kubeconfig, signal });
  }

  async loadDockerImage(name: string, image: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    await this.run(kindArgs.loadDockerImage(name, image), { timeoutMs, signal });
  }

  async loadImageArchive(name: string, archive: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    await this.run(kindArgs.loadImageArchive(name, archive), { timeoutMs, signal });
  }

  async getClusters(signal?: AbortSignal): Promise<string[]> {
    const out = await this.run(kindArgs.getClusters(), { signal });
    return out.split("\n").map((line) => line.trim()).filter((line) => line && !line.startsWith("No kind clusters"));
  }

  async version(): Promise<string> {
    return (await this.run(kindArgs.version())).trim();
  }

  private async run(args: string[], opts: { timeoutMs?: number; kubeconfig?: string; signal?: AbortSignal } = {}): Promise<string> {
    const log = this.options.log;
    try {
      const result = await execa(this.binary, args, {
        timeout: opts.timeoutMs ?? this.options.timeoutMs ?? 120_000,
        forceKillAfterDelay: 5000,
        cancelSignal: opts.signal,
        // Belt and braces: even a kind subcommand without --kubeconfig must not reach ~/.kube/config.
        env: { ...(opts.kubeconfig ? { KUBECONFIG: opts.kubeconfig } : {}), NO_COLOR: "1" },
        stderr: log ? [function* (line: unknown) { log(String(line)); yield line; }] : "pipe",
      });
      return result.stdout;
    } catch (error) {
      const failure = error as ExecaError;
      throw new DrillError(`kind ${args.slice(0, 2).join(" ")} ${failure.isCanceled ? "interrupted" : "failed"}`, {
        stage: "infrastructure",
        argv: [this.binary, ...args],
        exitCode: failure.exitCode ?? null,
        timedOut: failure.timedOut,
        stdout: String(failure.stdout ?? ""),
        stderr: String(failure.stderr ?? failure.shortMessage ?? ""),
        cause: error,
      });
    }
  }
}
