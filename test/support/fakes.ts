import { execa } from "execa";
import type { DrillCluster } from "../../harness/kind/cluster.js";
import { layoutFor, type Topology } from "../../harness/kind/layout.js";
import type { KubeClients } from "../../harness/kube/clients.js";
import * as commands from "../../harness/node/commands.js";
import type { ExecResult } from "../../harness/node/docker-exec.js";

/** What a fake API server holds; tests set only what the code under test reads. */
export interface FakeApi {
  nodes?: Array<{ name: string; ready: boolean }>;
  /** Node name → lease renewTime (clock ms). */
  leases?: Record<string, number>;
  /** Pods by app label. */
  pods?: Record<string, Array<{ name: string; uid?: string; node: string; ready: boolean; restarts?: number }>>;
  configMaps?: Record<string, Record<string, string>>;
  secrets?: Record<string, Record<string, string>>;
  readyz?: { status: number; body: string } | Error;
  logs?: Record<string, string>;
  /** Pod name → what exec prints, or an error. */
  exec?: Record<string, string | Error>;
}

const fail = (what: string) => Promise.reject(new Error(`fake API: nothing set for ${what}`));
/** What the API server answers for an object that does not exist (ApiException carries the HTTP code). */
const notFound = (what: string) => Promise.reject(Object.assign(new Error(`${what} not found`), { code: 404 }));

/** fakeKube answers the few API calls the checks make, from plain data. */
export function fakeKube(api: FakeApi): KubeClients {
  const pod = (p: NonNullable<FakeApi["pods"]>[string][number]) => ({
    metadata: { name: p.name, uid: p.uid ?? `uid-${p.name}` },
    spec: { nodeName: p.node },
    status: { conditions: [{ type: "Ready", status: p.ready ? "True" : "False" }], containerStatuses: [{ restartCount: p.restarts ?? 0 }] },
  });
  const answer = async (value: FakeApi["readyz"]) => {
    if (value instanceof Error) throw value;
    return value ?? fail("/readyz");
  };
  return {
    core: {
      listNode: async () => ({ items: (api.nodes ?? []).map((n) => ({ metadata: { name: n.name }, status: { conditions: [{ type: "Ready", status: n.ready ? "True" : "False" }] } })) }),
      listNamespacedPod: async ({ labelSelector }: { labelSelector: string }) => ({ items: (api.pods?.[labelSelector.split("=")[1]!] ?? []).map(pod) }),
      readNamespacedConfigMap: async ({ name }: { name: string }) => (api.configMaps?.[name] ? { data: api.configMaps[name] } : notFound(`ConfigMap ${name}`)),
      readNamespacedSecret: async ({ name }: { name: string }) => (api.secrets?.[name] ? { data: api.secrets[name] } : notFound(`Secret ${name}`)),
      readNamespacedPodLog: async ({ name }: { name: string }) => api.logs?.[name] ?? fail(`logs of ${name}`),
    },
    coordination: {
      listNamespacedLease: async () => ({ items: Object.entries(api.leases ?? {}).map(([name, at]) => ({ metadata: { name }, spec: { renewTime: new Date(at) } })) }),
    },
    rawGet: () => answer(api.readyz),
    anonymousGet: () => answer(api.readyz),
    execInPod: async (_ns: string, name: string) => {
      const out = api.exec?.[name];
      if (out instanceof Error) throw out;
      return out ?? fail(`exec in ${name}`);
    },
  } as unknown as KubeClients;
}

/** Plays a node: runs (or answers) argv and returns what the node would; a non-zero exit is returned, not thrown. */
export type FakeExec = (argv: readonly string[]) => Promise<ExecResult>;

/** localExec runs argv on this host: in-node scripts really run, against files the test made. */
export const localExec: FakeExec = async (argv) => {
  const result = await execa(argv[0]!, argv.slice(1), { reject: false, encoding: "buffer" });
  const stdoutBytes = Buffer.from(result.stdout);
  return { stdout: stdoutBytes.toString(), stderr: Buffer.from(result.stderr).toString(), stdoutBytes, exitCode: result.exitCode ?? 1 };
};

/** A fake node with KindNode's helpers built on exec the same way (check: a non-zero exit throws). */
function fakeNode(name: string, role: string, run: FakeExec) {
  const exec = async (argv: readonly string[], options: { check?: boolean } = {}) => {
    const result = await run(argv);
    if (options.check !== false && result.exitCode !== 0) throw new Error(`${argv.join(" ")} exited ${result.exitCode} on ${name}: ${result.stderr}`);
    return result;
  };
  return {
    name,
    role,
    exec,
    sh: (script: string, options?: { check?: boolean }) => exec(["sh", "-c", script], options),
    readFile: async (path: string) => (await exec(commands.readFile(path))).stdoutBytes,
    exists: async (path: string) => (await exec(commands.pathExists(path), { check: false })).exitCode === 0,
  };
}

/** fakeCluster is a DrillCluster with the given topology whose nodes all exec through `run`. */
export function fakeCluster(topology: Topology, run: FakeExec = localExec, name = "c"): DrillCluster {
  const layout = layoutFor(name, topology, "/dev/null");
  const nodes = new Map(layout.nodes.map((node) => [node, fakeNode(node, layout.controlPlanes.includes(node) ? "control-plane" : "worker", run)]));
  return {
    layout,
    name,
    node: (node: string) => {
      if (!nodes.has(node)) throw new Error(`no node ${node}`);
      return nodes.get(node);
    },
    nodes: () => [...nodes.values()],
  } as unknown as DrillCluster;
}
