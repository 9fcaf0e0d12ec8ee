import { expect } from "chai";
import { X509Certificate } from "node:crypto";
import { connect } from "node:tls";
import type { Check } from "./check.js";
import type { ClusterAccess } from "./input.js";

const KUBELET_PORT = 10250;
const CA = "/etc/kubernetes/pki/ca.crt";

/** servedCertificate is the certificate a TLS server presents (not verified: that is the point of the check). */
export function servedCertificate(host: string, port: number, timeoutMs = 5000): Promise<X509Certificate> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, rejectUnauthorized: false, timeout: timeoutMs }, () => {
      const certificate = socket.getPeerX509Certificate();
      socket.end();
      if (certificate) resolve(certificate);
      else reject(new Error(`${host}:${port} presented no certificate`));
    });
    socket.on("timeout", () => socket.destroy(new Error(`${host}:${port}: no TLS handshake within ${timeoutMs}ms`)));
    socket.on("error", reject);
  });
}

/**
 * kubeletsServeCurrentCa: every kubelet's serving certificate (port 10250) is signed by the
 * cluster's current CA. After a CA change, kubelets keep serving the old one until they get a
 * new certificate through a CSR that someone approves.
 */
export const kubeletsServeCurrentCa = ({ cluster }: Pick<ClusterAccess, "cluster">, port = KUBELET_PORT): Check => ({
  name: "every kubelet serves a certificate signed by the current cluster CA",
  async run() {
    const ca = new X509Certificate(await cluster.node(cluster.layout.primary).readFile(CA));
    const wrong: string[] = [];
    for (const node of cluster.nodes()) {
      const served = await servedCertificate(await node.ipAddress(), port);
      if (!served.verify(ca.publicKey)) wrong.push(`${node.name} (issued by ${served.issuer.replace(/\n/g, ", ")})`);
    }
    expect(wrong, "kubelets serving a certificate the current CA did not sign").to.deep.equal([]);
  },
});
