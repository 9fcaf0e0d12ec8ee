import { expect } from "chai";
import { createServer, type Server } from "node:tls";
import type { AddressInfo } from "node:net";
import { attempt } from "../../../../harness/verify/check.js";
import type { VerifyInput } from "../../../../harness/verify/input.js";
import { kubeletsServeCurrentCa } from "../../../../harness/verify/kubelet-serving.js";
import { controllersAct, dnsFollowsTheApi, lateWrites } from "../../../../harness/verify/workload-checks.js";
import { SENTINEL } from "../../../../harness/workload/manifests.js";
import { TEST_CAS, TEST_CLUSTER_CA, TEST_SERVING_CERT, TEST_SERVING_KEY } from "../../../support/certificates.js";
import { fakeCluster, fakeKube } from "../../../support/fakes.js";

describe("post-recovery checks", () => {
  describe("writes made after the preparation", () => {
    const written = { writtenAt: "2026-11-27T08:00:00Z" };
    const input = (now: Record<string, string> | "gone", dataLoss?: "since-prepare") =>
      ({
        kube: fakeKube(now === "gone" ? {} : { configMaps: { [SENTINEL.lateRecord]: now } }),
        expectations: { dataLoss },
        lateRecord: written,
      }) as unknown as VerifyInput;
    const gone = () => input("gone", "since-prepare");

    it("must survive by default, and fails when it is gone", async () => {
      expect(await attempt(lateWrites(input(written)))).to.include({ passed: true });
      const i = gone();
      i.expectations.dataLoss = undefined;
      expect((await attempt(lateWrites(i))).passed).to.equal(false);
    });

    it("must be gone after a restore from a backup taken before it, and fails when it is still there", async () => {
      expect(await attempt(lateWrites(gone()))).to.include({ passed: true });
      const stillThere = await attempt(lateWrites(input(written, "since-prepare")));
      expect(stillThere.passed).to.equal(false);
      expect(stillThere.name).to.include("is gone (restored to before it)");
    });
  });

  describe("a change made after recovery is carried out", () => {
    const cluster = fakeCluster({ controlPlanes: 1, workers: 2 });
    /** A Deployment API whose controller makes `available` replicas available once scaled; `stale` nodes' kube-proxy never routes to it. */
    const apps = (available: number, observed = 2, stale: string[] = []) => {
      const deployment = { metadata: { generation: 2 }, spec: { replicas: 0 }, status: { observedGeneration: observed, availableReplicas: available } };
      const replaced: number[] = [];
      return {
        replaced,
        cluster,
        dataPlane: { get: async (node: string) => (stale.includes(node) ? "" : `HTTP/1.0 200 OK\n\n${SENTINEL.marker}`) },
        kube: {
          apps: {
            readNamespacedDeployment: async () => structuredClone(deployment),
            replaceNamespacedDeployment: async ({ body }: { body: typeof deployment }) => {
              replaced.push(body.spec.replicas);
              deployment.spec.replicas = body.spec.replicas;
            },
          },
        },
      };
    };

    it("scales the scaler once, and passes when a replica becomes available", async () => {
      const api = apps(1);
      expect(await attempt(controllersAct(api as unknown as VerifyInput))).to.include({ passed: true });
      await attempt(controllersAct(api as unknown as VerifyInput));
      expect(api.replaced).to.deep.equal([1]);
    });

    it("fails while no replica is available, or the controller has not seen the change", async () => {
      expect((await attempt(controllersAct(apps(0) as unknown as VerifyInput))).message).to.include("available scaler replicas");
      expect((await attempt(controllersAct(apps(1, 1) as unknown as VerifyInput))).message).to.include("generation the controller has seen");
    });

    it("fails when a node's kube-proxy does not route to the new pod (it no longer follows the API)", async () => {
      const worker2 = cluster.layout.workers[1]!;
      const result = await attempt(controllersAct(apps(1, 2, [worker2]) as unknown as VerifyInput));
      expect(result.passed).to.equal(false);
      expect(result.message).to.include(`nodes whose NodePort ${SENTINEL.scalerNodePort} does not reach the new scaler pod`).and.to.include(worker2);
    });
  });

  describe("cluster DNS follows the API", () => {
    const cluster = fakeCluster({ controlPlanes: 1, workers: 2 });
    const [w1, w2] = cluster.layout.workers as [string, string];
    /** CoreDNS answers for the new Service in pods on `resolving` nodes only; `created` collects Service creations. */
    const input = (resolving: string[], created: string[] = []) => {
      const kube = fakeKube({ pods: { [SENTINEL.web]: [{ name: "web-1", node: w1, ready: true }, { name: "web-2", node: w2, ready: true }] } });
      Object.assign(kube.core, {
        createNamespacedService: async ({ body }: { body: { metadata: { name: string } } }) => {
          if (created.includes(body.metadata.name)) throw Object.assign(new Error("already exists"), { code: 409 });
          created.push(body.metadata.name);
        },
      });
      kube.execInPod = async (_ns, pod) => {
        if (resolving.includes(pod === "web-1" ? w1 : w2)) return "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tkubedrill-fresh\nAddress: 10.96.7.7\n";
        throw new Error("command terminated with non-zero exit code: ** server can't find kubedrill-fresh: NXDOMAIN");
      };
      return { kube, cluster } as unknown as VerifyInput;
    };

    it("creates the Service once and passes when every worker's pod resolves it", async () => {
      const created: string[] = [];
      expect(await attempt(dnsFollowsTheApi(input([w1, w2], created)))).to.include({ passed: true });
      expect(await attempt(dnsFollowsTheApi(input([w1, w2], created)))).to.include({ passed: true });
      expect(created).to.deep.equal([SENTINEL.freshService]);
    });

    it("fails when a pod cannot resolve the new Service (a CoreDNS that lost the API)", async () => {
      const result = await attempt(dnsFollowsTheApi(input([w1])));
      expect(result.passed).to.equal(false);
      expect(result.message).to.include("NXDOMAIN");
    });
  });

  describe("kubelet serving certificates", () => {
    let server: Server;
    let port: number;
    before(async () => {
      server = createServer({ cert: TEST_SERVING_CERT, key: TEST_SERVING_KEY }, (socket) => socket.end());
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      port = (server.address() as AddressInfo).port;
    });
    after(() => server.close());

    /** One node whose ca.crt is `ca` and whose "kubelet" is the local TLS server. */
    const input = (ca: string) => {
      const cluster = fakeCluster({ controlPlanes: 1, workers: 0 }, async () => ({ stdout: ca, stderr: "", stdoutBytes: Buffer.from(ca), exitCode: 0 }));
      const node = cluster.node(cluster.layout.primary) as unknown as { ipAddress: () => Promise<string> };
      node.ipAddress = async () => "127.0.0.1";
      return { cluster } as unknown as VerifyInput;
    };

    it("passes when the kubelet's certificate is signed by the current CA, and fails on another CA", async () => {
      const check = (ca: string) => attempt(kubeletsServeCurrentCa(input(ca), port));
      expect(await check(TEST_CLUSTER_CA)).to.include({ passed: true });
      const stale = await check(TEST_CAS[0]);
      expect(stale.passed).to.equal(false);
      expect(stale.message).to.include("kubelets serving a certificate the current CA did not sign").and.to.include("kubedrill-test-cluster-ca");
    });
  });
});

