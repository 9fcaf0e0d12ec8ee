import { expect } from "chai";
import { createServer, type Server } from "node:tls";
import type { AddressInfo } from "node:net";
import { attempt } from "../../../../harness/verify/check.js";
import type { VerifyInput } from "../../../../harness/verify/input.js";
import { kubeletsServeCurrentCa } from "../../../../harness/verify/kubelet-serving.js";
import { controllersAct, lateWrites } from "../../../../harness/verify/workload-checks.js";
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

  describe("controllers act after recovery", () => {
    /** A Deployment API whose controller makes `available` replicas available once scaled. */
    const apps = (available: number, observed = 2) => {
      const deployment = { metadata: { generation: 2 }, spec: { replicas: 0 }, status: { observedGeneration: observed, availableReplicas: available } };
      const replaced: number[] = [];
      return {
        replaced,
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

