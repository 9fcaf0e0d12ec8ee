import { expect } from "chai";
import { X509Certificate } from "node:crypto";
import { apiAnswersReadyz, caAsExpected, nodesFreshAndReady } from "../../../../harness/verify/cluster-checks.js";
import { attempt, type Check } from "../../../../harness/verify/check.js";
import type { VerifyInput } from "../../../../harness/verify/input.js";
import { logsAndExecOnEveryWorker, sentinelsReady } from "../../../../harness/verify/workload-checks.js";
import { SENTINEL } from "../../../../harness/workload/manifests.js";
import { TEST_CAS } from "../../../support/certificates.js";
import { fakeCluster, fakeKube, type FakeApi } from "../../../support/fakes.js";

const [OLD_CA, NEW_CA] = TEST_CAS;
const fingerprintOf = (pem: string) => new X509Certificate(pem).fingerprint256;

const BREAK = 1_000_000;
const topology = { controlPlanes: 1, workers: 2 };
const cluster = fakeCluster(topology);
const [cp, w1, w2] = cluster.layout.nodes as [string, string, string];

/** A cluster that recovered: every node Ready and heard from after the break, sentinels everywhere. */
const healthy = (): FakeApi => ({
  nodes: [cp, w1, w2].map((name) => ({ name, ready: true })),
  leases: { [cp]: BREAK + 5_000, [w1]: BREAK + 6_000, [w2]: BREAK + 7_000 },
  pods: {
    [SENTINEL.web]: [{ name: "web-1", node: w1, ready: true }, { name: "web-2", node: w2, ready: true }],
    [SENTINEL.tokenSentinel]: [{ name: "token-1", node: w1, ready: true }],
  },
  secrets: { [SENTINEL.legacySecret]: { token: Buffer.from("t").toString("base64") } },
  logs: { "web-1": `${SENTINEL.marker} serving`, "web-2": `${SENTINEL.marker} serving` },
  exec: { "web-1": SENTINEL.marker, "web-2": SENTINEL.marker },
  readyz: { status: 200, body: "ok" },
});

const input = (api: FakeApi) => ({ kube: fakeKube(api), cluster, since: BREAK, webReplicas: 2 }) as unknown as VerifyInput;
const outcome = async (check: Check) => attempt(check);

describe("verification checks (fake API)", () => {
  describe("all nodes Ready, heard from after the break", () => {
    it("passes when every node is Ready and renewed its lease after the break", async () => {
      expect(await outcome(nodesFreshAndReady(input(healthy())))).to.include({ passed: true });
    });

    it("fails a node that reads Ready but whose kubelet has not renewed its lease since the break", async () => {
      const api = healthy();
      api.leases![w2] = BREAK - 3_000; // Ready=True is stale: nobody updated it while the control plane was down
      const result = await outcome(nodesFreshAndReady(input(api)));
      expect(result.passed).to.equal(false);
      expect(result.message).to.include(`${w2} (lease last renewed ${new Date(BREAK - 3_000).toISOString()})`);
    });

    it("fails a node without a lease, a node not Ready and a node missing", async () => {
      const noLease = healthy();
      delete noLease.leases![w1];
      expect((await outcome(nodesFreshAndReady(input(noLease)))).message).to.include(`${w1} (no lease)`);
      const notReady = healthy();
      notReady.nodes![1]!.ready = false;
      expect((await outcome(nodesFreshAndReady(input(notReady)))).message).to.include("nodes not Ready");
      const missing = healthy();
      missing.nodes!.pop();
      expect((await outcome(nodesFreshAndReady(input(missing)))).message).to.include("nodes registered");
    });
  });

  describe("API answers /readyz", () => {
    it("fails on a non-200 answer and on no answer", async () => {
      expect(await outcome(apiAnswersReadyz(input(healthy())))).to.include({ passed: true });
      expect(await outcome(apiAnswersReadyz(input({ readyz: { status: 500, body: "[-]etcd failed" } })))).to.include({ passed: false });
      expect((await outcome(apiAnswersReadyz(input({ readyz: new Error("ECONNREFUSED") })))).message).to.equal("ECONNREFUSED");
    });
  });

  describe("sentinels Ready on fresh nodes", () => {
    it("passes when every sentinel is Ready on a node heard from after the break", async () => {
      expect(await outcome(sentinelsReady(input(healthy())))).to.include({ passed: true });
    });

    it("fails a Ready pod whose node has not been heard from since the break", async () => {
      const api = healthy();
      api.leases![w2] = BREAK - 1;
      const result = await outcome(sentinelsReady(input(api)));
      expect(result.passed).to.equal(false);
      expect(result.message).to.include("Ready status not fresh").and.to.include(`web-2 on ${w2}`);
    });

    it("fails a web pod that is not Ready, and a legacy token not yet issued", async () => {
      const notReady = healthy();
      notReady.pods![SENTINEL.web]![0]!.ready = false;
      expect((await outcome(sentinelsReady(input(notReady)))).message).to.include("web pods Ready: 1/2");
      const noToken = healthy();
      noToken.secrets![SENTINEL.legacySecret] = {};
      expect((await outcome(sentinelsReady(input(noToken)))).message).to.include("has no token yet");
    });
  });

  describe("logs and exec on every worker", () => {
    it("passes when a web pod on each worker serves logs and exec", async () => {
      expect(await outcome(logsAndExecOnEveryWorker(input(healthy())))).to.include({ passed: true });
    });

    it("fails when a worker has no web pod, instead of falling back to another pod", async () => {
      const api = healthy();
      api.pods![SENTINEL.web] = [{ name: "web-1", node: w1, ready: true }, { name: "web-2", node: w1, ready: true }];
      const result = await outcome(logsAndExecOnEveryWorker(input(api)));
      expect(result.passed).to.equal(false);
      expect(result.message).to.include("nodes without a running web pod").and.to.include(w2);
    });

    it("fails when exec into a worker's pod fails (the kubelet does not trust the API server)", async () => {
      const api = healthy();
      api.exec!["web-2"] = new Error("error dialing backend: remote error: tls: unknown certificate authority");
      expect((await outcome(logsAndExecOnEveryWorker(input(api)))).message).to.include("unknown certificate authority");
    });
  });

  describe("cluster CA", () => {
    const caInput = (caFile: "missing" | "new" | "old", caRotated: boolean) => {
      // ca.crt on the primary is read through the node (here: a fake exec that plays the node).
      // The node serves ca.crt (old, new or none); every other PKI file is absent.
      const exec = async (argv: readonly string[]) => {
        const path = argv.at(-1);
        const present = path === "/etc/kubernetes/pki/ca.crt" && caFile !== "missing";
        const stdout = argv[0] === "cat" && present ? (caFile === "new" ? NEW_CA : OLD_CA) : "";
        return { stdout, stderr: "", stdoutBytes: Buffer.from(stdout), exitCode: present ? 0 : 1 };
      };
      return {
        cluster: fakeCluster(topology, exec),
        expectations: { caRotated },
        baseline: { snapshot: { fingerprints: { [`${cp}:ca.crt`]: fingerprintOf(OLD_CA) } } },
      } as unknown as VerifyInput;
    };

    it("'CA replaced' fails when ca.crt is missing, and when it is the old one", async () => {
      expect((await outcome(caAsExpected(caInput("missing", true)))).passed).to.equal(false);
      expect((await outcome(caAsExpected(caInput("old", true)))).passed).to.equal(false);
      expect((await outcome(caAsExpected(caInput("new", true)))).passed).to.equal(true);
    });

    it("'CA unchanged' fails on a new CA", async () => {
      expect((await outcome(caAsExpected(caInput("new", false)))).passed).to.equal(false);
      expect((await outcome(caAsExpected(caInput("old", false)))).passed).to.equal(true);
    });
  });
});
