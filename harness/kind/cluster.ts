import type Docker from "dockerode";
import { createWriteStream, rmSync, writeFileSync } from "node:fs";
import { pipeline } from "node:stream/promises";
import { DrillError, isDrillError } from "../errors.js";
import { KindNode, type NodeRole } from "../node/kind-node.js";
import type { RunState } from "../run-state.js";
import { renderKindConfig, type ClusterOptions } from "./config.js";
import type { KindCli } from "./kind-cli.js";
import type { ClusterLayout, Topology } from "./layout.js";

const CLUSTER_LABEL = "io.x-k8s.kind.cluster";
const ROLE_LABEL = "io.x-k8s.kind.role";

export interface ClusterTimeouts {
  createMs: number;
  commandMs: number;
  imageLoadMs: number;
}

export interface ProviderDeps {
  kind: KindCli;
  docker: Docker;
  state: RunState;
  timeouts: ClusterTimeouts;
}

/** kindConfigPath is where the generated kind config for a cluster is written. */
export function kindConfigPath(state: RunState, cluster: string): string {
  return state.privateFile(`${cluster}.kind.yaml`);
}

/** KindClusterProvider creates the drill clusters of one run, and nothing else. */
export class KindClusterProvider {
  constructor(private readonly deps: ProviderDeps) {}

  /**
   * create makes a scenario's cluster. When signal aborts meanwhile, kind is cancelled and the
   * half-made cluster deleted before create rejects: a cluster being created is released too.
   */
  async create(scenario: string, topology: Topology, image: string | null, options: ClusterOptions = {}, signal?: AbortSignal): Promise<DrillCluster> {
    const { kind, state, timeouts } = this.deps;
    const layout = state.layoutFor(scenario, topology);
    if ((await kind.getClusters(signal)).includes(layout.cluster)) {
      throw new DrillError(`refusing to reuse cluster "${layout.cluster}": it already exists and was not created by this run`, { stage: "infrastructure" });
    }
    state.recordCluster(layout.cluster, scenario); // marker first, so a crash mid-create is still swept
    const config = kindConfigPath(state, layout.cluster);
    writeFileSync(config, renderKindConfig(topology, image, options));
    try {
      await kind.createCluster(layout.cluster, config, layout.kubeconfig, timeouts.createMs, signal);
      return new DrillCluster(layout, this.deps, await this.findNodes(layout));
    } catch (error) {
      // No half-made clusters: kind removes a failed create itself, this covers timeouts, interrupts
      // and node mismatches. The deletion is not cancelled; if it fails, the marker stays for a sweep.
      await kind.deleteCluster(layout.cluster, layout.kubeconfig).then(
        () => state.forgetCluster(layout.cluster),
        () => undefined,
      );
      throw error;
    }
  }

  private async findNodes(layout: ClusterLayout): Promise<Map<string, KindNode>> {
    const containers = await this.deps.docker.listContainers({ all: true, filters: { label: [`${CLUSTER_LABEL}=${layout.cluster}`] } });
    const nodes = new Map<string, KindNode>();
    for (const c of containers) {
      const role = c.Labels[ROLE_LABEL];
      if (role !== "control-plane" && role !== "worker") continue; // the HA load balancer
      const name = c.Names[0]!.replace(/^\//, "");
      nodes.set(name, new KindNode(this.deps.docker, name, role as NodeRole, { timeoutMs: this.deps.timeouts.commandMs }));
    }
    const found = [...nodes.keys()].sort().join(", ");
    if (found !== [...layout.nodes].sort().join(", ")) {
      throw new DrillError(`cluster ${layout.cluster} has nodes [${found}], expected [${layout.nodes.join(", ")}]`, { stage: "infrastructure" });
    }
    return nodes;
  }
}

/** DrillCluster is a cluster this run created; every action checks that it still owns it. */
export class DrillCluster {
  private kept = false;
  private released?: Promise<void>;

  constructor(
    readonly layout: ClusterLayout,
    private readonly deps: ProviderDeps,
    private readonly nodeMap: Map<string, KindNode>,
  ) {}

  get name(): string {
    return this.layout.cluster;
  }

  /** node returns one of this cluster's nodes and refuses any other container. */
  node(name: string): KindNode {
    this.deps.state.assertOwned(this.name);
    const node = this.nodeMap.get(name);
    if (!node) throw new DrillError(`refusing to touch "${name}": it is not a node of ${this.name}`, { stage: "infrastructure" });
    return node;
  }

  nodes(): KindNode[] {
    return this.layout.nodes.map((name) => this.node(name));
  }

  /** refreshKubeconfig re-exports admin credentials (needed after the CA changes). */
  async refreshKubeconfig(): Promise<void> {
    this.deps.state.assertOwned(this.name);
    await this.deps.kind.exportKubeconfig(this.name, this.layout.kubeconfig);
  }

  /**
   * loadImage puts a local image into every node. `kind load docker-image` needs crictl
   * on the nodes; if it fails, an archive made with `docker save` is loaded instead.
   */
  async loadImage(image: string): Promise<void> {
    const { kind, docker, state, timeouts } = this.deps;
    state.assertOwned(this.name);
    await docker.getImage(image).inspect().catch((error: unknown) => {
      throw new DrillError(`image ${image} is not available locally`, { stage: "infrastructure", cause: error, hint: "run `npm run setup`; there is no registry to pull from" });
    });
    try {
      await kind.loadDockerImage(this.name, image, timeouts.imageLoadMs);
    } catch (error) {
      if (!isDrillError(error)) throw error;
      const archive = state.privateFile(`${this.name}.image.tar`);
      try {
        await pipeline(await docker.getImage(image).get(), createWriteStream(archive));
        await kind.loadImageArchive(this.name, archive, timeouts.imageLoadMs);
      } finally {
        rmSync(archive, { force: true });
      }
    }
  }

  /** keep leaves the cluster running after the drill: release will not delete it, nor will sweeps. */
  keep(): void {
    this.deps.state.markKept(this.name);
    this.kept = true;
  }

  /**
   * release deletes the cluster unless it is kept, exactly once: however often and from wherever
   * it is called (the drill's teardown, an interrupt, `await using`), callers share one deletion.
   */
  release(): Promise<void> {
    this.released ??= this.kept ? Promise.resolve() : this.delete();
    return this.released;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.release();
  }

  async delete(): Promise<void> {
    this.deps.state.assertOwned(this.name);
    await this.deps.kind.deleteCluster(this.name, this.layout.kubeconfig);
    this.deps.state.forgetCluster(this.name);
  }
}
