import type Docker from "dockerode";
import * as commands from "./commands.js";
import { dockerExec, type ExecOptions, type ExecResult } from "./docker-exec.js";

export type NodeRole = "control-plane" | "worker";

/**
 * KindNode is one node container, reached through dockerode. Every helper is a
 * command run inside the node, so what it does can be pasted into a shell.
 */
export class KindNode {
  private readonly container: Docker.Container;

  constructor(
    private readonly docker: Docker,
    readonly name: string,
    readonly role: NodeRole,
    private readonly defaults: ExecOptions = {},
  ) {
    this.container = docker.getContainer(name);
  }

  exec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    return dockerExec({ name: this.name, container: this.container, modem: this.docker.modem }, argv, { ...this.defaults, ...options });
  }

  sh(script: string, options: ExecOptions = {}): Promise<ExecResult> {
    return this.exec(["sh", "-c", script], options);
  }

  async readFile(path: string): Promise<Buffer> {
    return (await this.exec(commands.readFile(path))).stdoutBytes;
  }

  async writeFile(path: string, content: string | Buffer, mode?: string): Promise<void> {
    await this.exec(commands.writeStdinTo(path, mode), { stdin: content });
  }

  async removePath(path: string): Promise<void> {
    await this.exec(commands.removePath(path));
  }

  async exists(path: string): Promise<boolean> {
    return (await this.exec(commands.pathExists(path), { check: false })).exitCode === 0;
  }

  /** copyFileTo copies a file from this node to another (same path unless given). */
  async copyFileTo(target: KindNode, path: string, targetPath = path, mode?: string): Promise<void> {
    await target.writeFile(targetPath, await this.readFile(path), mode);
  }

  /** ipAddress is the node's address on the `kind` Docker network. */
  async ipAddress(network = "kind"): Promise<string> {
    const info = await this.container.inspect();
    const address = info.NetworkSettings.Networks[network]?.IPAddress;
    if (!address) throw new Error(`${this.name} has no address on Docker network "${network}"`);
    return address;
  }
}
