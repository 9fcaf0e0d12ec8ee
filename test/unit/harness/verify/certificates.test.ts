import { expect } from "chai";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { certificateLifetimeProblems, certificatesValidFor, listCertificates, parseCertificateListing } from "../../../../harness/verify/certificates.js";
import type { CheckContext } from "../../../../harness/scenario/define.js";
import { TEST_EXPIRED_CERT, TEST_VALID_CERT, TEST_VALID_KEY } from "../../../support/certificates.js";
import { fakeCluster, localExec } from "../../../support/fakes.js";
import { useTempDir } from "../../../support/temp-dir.js";

const NOW = Date.parse("2026-11-27T08:00:00Z");
const base64 = (pem: string) => Buffer.from(pem).toString("base64");

describe("control-plane certificate lifetimes", () => {
  const tmp = useTempDir("certs");

  /** An /etc/kubernetes with one pki certificate, an embedded client certificate and one by file (as kubelet.conf has). */
  function etcKubernetes(pki: string, admin: string): string {
    const root = join(tmp.path, "kubernetes");
    mkdirSync(join(root, "pki", "etcd"), { recursive: true });
    writeFileSync(join(root, "pki", "etcd", "server.crt"), pki);
    writeFileSync(join(root, "admin.conf"), `users:\n- name: admin\n  user:\n    client-certificate-data: ${base64(admin)}\n    client-key-data: eA==\n`);
    writeFileSync(join(tmp.path, "kubelet-client-current.pem"), `${TEST_VALID_CERT}${TEST_VALID_KEY}`);
    writeFileSync(join(root, "kubelet.conf"), `users:\n- name: node\n  user:\n    client-certificate: ${join(tmp.path, "kubelet-client-current.pem")}\n`);
    return root;
  }

  it("lists pki certificates and kubeconfig client certificates, embedded or by file (real bash)", async () => {
    const root = etcKubernetes(TEST_VALID_CERT, TEST_EXPIRED_CERT);
    const found = parseCertificateListing("cp", (await localExec(listCertificates(root))).stdout);
    expect(found.map((f) => f.source)).to.deep.equal([
      `cp:${root}/pki/etcd/server.crt`,
      `cp:${root}/admin.conf client certificate`,
      `cp:${root}/kubelet.conf client certificate (${join(tmp.path, "kubelet-client-current.pem")})`,
    ]);
    expect(found.map((f) => f.pem?.trim())).to.deep.equal([TEST_VALID_CERT.trim(), TEST_EXPIRED_CERT.trim(), TEST_VALID_CERT.trim()]);
  });

  it("passes certificates valid for long enough, and fails expired, short-lived and missing ones", () => {
    expect(certificateLifetimeProblems([{ source: "a", pem: TEST_VALID_CERT }], NOW, 300)).to.deep.equal([]);
    expect(certificateLifetimeProblems([{ source: "b", pem: TEST_EXPIRED_CERT }], NOW, 300)).to.deep.equal(["b: expired Jan  2 00:00:00 2020 GMT"]);
    // Valid at noon on its only day: it has 12 hours left, far short of 300 days.
    expect(certificateLifetimeProblems([{ source: "c", pem: TEST_EXPIRED_CERT }], Date.parse("2020-01-01T12:00:00Z"), 300)).to.deep.equal(["c: expires Jan  2 00:00:00 2020 GMT, in 720 minutes"]);
    expect(certificateLifetimeProblems([{ source: "d", pem: TEST_VALID_CERT }], Date.parse("2025-06-01T00:00:00Z"), 300)).to.deep.equal(["d: not valid before Jan  1 00:00:00 2026 GMT"]);
    expect(certificateLifetimeProblems([{ source: "e" }], NOW, 300)).to.deep.equal(["e: no certificate"]);
    expect(certificateLifetimeProblems([], NOW, 300)).to.deep.equal(["no certificates found"]);
  });

  it("checks every control plane and fails naming the certificate that is short", async () => {
    const good = etcKubernetes(TEST_VALID_CERT, TEST_VALID_CERT);
    const cluster = fakeCluster({ controlPlanes: 2, workers: 1 }, async (argv) => localExec([...argv.slice(0, -1), good]));
    const ctx = { node: (name: string) => cluster.node(name), layout: cluster.layout } as unknown as CheckContext;
    await certificatesValidFor(300, () => NOW).run(ctx);

    etcKubernetes(TEST_VALID_CERT, TEST_EXPIRED_CERT);
    const failure = await certificatesValidFor(300, () => NOW)
      .run(ctx)
      .then(() => undefined, (error: Error) => error.message);
    expect(failure).to.include(`c-control-plane:${good}/admin.conf client certificate: expired`).and.to.include(`c-control-plane2:${good}/admin.conf`);
    expect(failure).to.include("of 6 checked");
  });
});
