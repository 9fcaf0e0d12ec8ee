import { expect } from "chai";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createServer, type Server } from "node:tls";
import { confirmDamage, recordUndamaged, symptom } from "../../../../harness/damage/symptom.js";
import { apiCertificateExpired, apiUnavailable, containerReplaced, etcdUnhealthy, pathChanged, recordLost } from "../../../../harness/damage/symptoms.js";
import type { DrillError } from "../../../../harness/errors.js";
import type { KubeClients } from "../../../../harness/kube/clients.js";
import type { ClusterAccess } from "../../../../harness/verify/input.js";
import { SENTINEL } from "../../../../harness/workload/manifests.js";
import { FakeClock } from "../../../support/fake-clock.js";
import { fakeCluster, fakeKube, type FakeApi } from "../../../support/fakes.js";
import { rejectionOf } from "../../../support/rejection.js";
import { useTempDir } from "../../../support/temp-dir.js";
import { TEST_EXPIRED_CERT, TEST_EXPIRED_KEY, TEST_EXPIRY_CA, TEST_VALID_CERT, TEST_VALID_KEY } from "../../../support/certificates.js";

const topology = { controlPlanes: 1, workers: 0 };
const node = fakeCluster(topology).layout.primary;
const access = (api: FakeApi = {}, cluster = fakeCluster(topology)): ClusterAccess => ({ cluster, kube: fakeKube(api) });

describe("damage confirmation", () => {
  it("records when each symptom was first seen, after the end of the breakage", async () => {
    const clock = new FakeClock();
    const origin = clock.now();
    let polls = 0;
    const slow = symptom("kube-apiserver gone", async () => {
      polls += 1;
      if (clock.now() < origin + 2_000) throw new Error("still running");
      return "gone";
    });
    const quick = symptom("file changed", async () => "changed");
    const report = await confirmDamage([quick, slow], [undefined, undefined], access(), { origin, timeoutMs: 60_000, intervalMs: 500, clock });
    expect(report.symptoms).to.deep.equal([
      { name: "file changed", seenAfterMs: 0, evidence: "changed" },
      { name: "kube-apiserver gone", seenAfterMs: 2_000, evidence: "gone" },
    ]);
    expect(report.confirmedAfterMs).to.equal(2_000);
    expect(polls).to.equal(5);
  });

  it("fails as 'breakage had no effect' when a symptom never appears, saying what it saw instead", async () => {
    const clock = new FakeClock();
    const never = symptom("/etc/kubernetes/does-not-exist changed", async () => {
      throw new Error("unchanged: 0 files");
    });
    const error = await rejectionOf<DrillError>(confirmDamage([never], [undefined], access(), { origin: clock.now(), timeoutMs: 10_000, clock }));
    expect(error.stage).to.equal("breakage");
    expect(error.message).to.equal("[breakage] breakage had no effect: not seen within 10s: /etc/kubernetes/does-not-exist changed (saw instead: unchanged: 0 files)");
  });
});

describe("symptoms", () => {
  const tmp = useTempDir("damage");

  describe("a path changed (real bash on this host's files)", () => {
    it("is seen when files under the path are removed or edited", async () => {
      const dir = join(tmp.path, "kubernetes");
      mkdirSync(join(dir, "pki"), { recursive: true });
      writeFileSync(join(dir, "pki", "ca.crt"), "ca");
      writeFileSync(join(dir, "admin.conf"), "admin");
      const changed = pathChanged(node, dir);
      const [before] = await recordUndamaged([changed], access());
      expect(before).to.match(/^2 files, sha256 [0-9a-f]{16}$/);
      expect((await rejectionOf(changed.seen(access(), before))).message).to.equal(`unchanged: ${before}`);
      writeFileSync(join(dir, "admin.conf"), "edited");
      expect(await changed.seen(access(), before)).to.match(/^before: 2 files, .*; after: 2 files, /);
      rmSync(dir, { recursive: true });
      expect(await changed.seen(access(), before)).to.match(/after: 0 files/);
    });

    it("is never seen for a path that did not exist before and does not exist after", async () => {
      const missing = pathChanged(node, join(tmp.path, "does-not-exist"));
      const [before] = await recordUndamaged([missing], access());
      expect(before).to.match(/^0 files/);
      expect((await rejectionOf(missing.seen(access(), before))).message).to.match(/^unchanged: 0 files/);
    });

    it("follows a glob", async () => {
      writeFileSync(join(tmp.path, "etcd.yaml"), "a");
      writeFileSync(join(tmp.path, "kube-apiserver.yaml"), "b");
      const manifests = pathChanged(node, join(tmp.path, "*.yaml"));
      const [before] = await recordUndamaged([manifests], access());
      expect(before).to.match(/^2 files/);
      rmSync(join(tmp.path, "etcd.yaml"));
      expect(await manifests.seen(access(), before)).to.match(/after: 1 files/);
    });
  });

  describe("a container replaced", () => {
    /** A node whose crictl reports these running container ids for kube-apiserver. */
    const running = (ids: string[]) =>
      fakeCluster(topology, async () => ({ stdout: ids.join("\n"), stderr: "", stdoutBytes: Buffer.from(ids.join("\n")), exitCode: 0 }));

    it("is seen once the container that ran before is gone, even when the kubelet started a new one", async () => {
      const gone = containerReplaced(node, "kube-apiserver");
      const [before] = await recordUndamaged([gone], access({}, running(["aaaaaaaaaaaaaaaa"])));
      expect((await rejectionOf(gone.seen(access({}, running(["aaaaaaaaaaaaaaaa"])), before))).message).to.equal("still running: aaaaaaaaaaaa");
      expect(await gone.seen(access({}, running(["bbbbbbbbbbbbbbbb"])), before)).to.equal("was aaaaaaaaaaaa; running now: bbbbbbbbbbbb");
    });

    it("refuses a baseline where the container was not running at all", async () => {
      const error = await rejectionOf(recordUndamaged([containerReplaced(node, "kube-apiserver")], access({}, running([]))));
      expect(error.message).to.include("no running kube-apiserver container");
    });
  });

  describe("the API unavailable", () => {
    it("is seen on no answer or a failing /readyz, not while it answers 200", async () => {
      const api = apiUnavailable();
      expect(await api.seen(access({ readyz: new Error("connect ECONNREFUSED") }), undefined)).to.equal("no answer: connect ECONNREFUSED");
      expect(await api.seen(access({ readyz: { status: 500, body: "[-]etcd failed" } }), undefined)).to.equal("HTTP 500: [-]etcd failed");
      expect((await rejectionOf(api.seen(access({ readyz: { status: 200, body: "ok" } }), undefined))).message).to.equal("/readyz answers 200");
    });
  });

  describe("the record written before the drill lost", () => {
    it("is seen when a GET answers 404, not while it reads back or the API fails", async () => {
      const lost = recordLost();
      expect(await lost.seen(access({ configMaps: {} }), undefined)).to.equal(`GET ConfigMap ${SENTINEL.namespace}/${SENTINEL.record}: 404 Not Found`);
      expect((await rejectionOf(lost.seen(access({ configMaps: { [SENTINEL.record]: { nonce: "n" } } }), undefined))).message).to.include("still reads back");
      const down = { core: { readNamespacedConfigMap: () => Promise.reject(new Error("connect ECONNREFUSED")) } } as unknown as KubeClients;
      expect((await rejectionOf(lost.seen({ cluster: fakeCluster(topology), kube: down }, undefined))).message).to.include("failed: connect ECONNREFUSED");
    });
  });

  describe("etcd unhealthy on a node", () => {
    const etcd = (exitCode: number, stdout: string, stderr = "") => fakeCluster(topology, async () => ({ stdout, stderr, stdoutBytes: Buffer.from(stdout), exitCode }));

    it("is seen when etcdctl endpoint health fails, not while the member is healthy", async () => {
      const sick = etcdUnhealthy(node);
      const down = access({}, etcd(1, "", "https://127.0.0.1:2379 is unhealthy: failed to commit proposal: context deadline exceeded"));
      expect(await sick.seen(down, undefined)).to.equal("exit 1: https://127.0.0.1:2379 is unhealthy: failed to commit proposal: context deadline exceeded");
      const healthy = access({}, etcd(0, "https://127.0.0.1:2379 is healthy: successfully committed proposal: took = 9ms"));
      expect((await rejectionOf(sick.seen(healthy, undefined))).message).to.match(/^healthy: /);
    });
  });

  describe("the API server's certificate expired", () => {
    const servers: Server[] = [];
    /** A TLS server on 127.0.0.1 presenting `cert`, as the API server behind the kubeconfig. */
    const apiServing = async (cert: string, key: string) => {
      const server = createServer({ cert, key }, (socket) => socket.end());
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const kube = { server: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, caCertificate: () => Buffer.from(TEST_EXPIRY_CA) } as unknown as KubeClients;
      return { cluster: fakeCluster(topology), kube };
    };
    after(() => servers.forEach((s) => s.close()));

    it("is seen when a client verifying against the CA is refused for expiry", async () => {
      const evidence = await apiCertificateExpired().seen(await apiServing(TEST_EXPIRED_CERT, TEST_EXPIRED_KEY), undefined);
      expect(evidence).to.match(/^TLS handshake with 127\.0\.0\.1:\d+: certificate has expired$/);
    });

    it("is not seen while the certificate verifies", async () => {
      const error = await rejectionOf(apiCertificateExpired().seen(await apiServing(TEST_VALID_CERT, TEST_VALID_KEY), undefined));
      expect(error.message).to.equal("the API server's certificate verifies against the CA");
    });
  });
});
