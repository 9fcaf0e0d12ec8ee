import { expect } from "chai";
import { X509Certificate } from "node:crypto";
import { strictBash } from "../node/commands.js";
import type { CustomCheck } from "../scenario/define.js";

const DAY_MS = 86_400_000;

/** A certificate found on a node, by where it came from. */
export interface FoundCertificate {
  source: string;
  /** The first PEM certificate block of the source, if it had one. */
  pem?: string;
}

/**
 * listCertificates prints every certificate under <root>/pki and every <root>/*.conf
 * kubeconfig's client certificate (embedded, or the file it names, as kubelet.conf does),
 * each after a `### <source>` line.
 */
export const listCertificates = (root = "/etc/kubernetes"): string[] => [
  ...strictBash(
    [
      "find \"$1/pki\" -name '*.crt' | sort | while read -r crt; do echo \"### $crt\"; cat \"$crt\"; done",
      "for conf in \"$1\"/*.conf; do",
      "  data=$(sed -n 's/^ *client-certificate-data: *//p' \"$conf\")",
      "  file=$(sed -n 's/^ *client-certificate: *//p' \"$conf\")",
      "  echo \"### $conf client certificate${file:+ ($file)}\"",
      "  if [ -n \"$data\" ]; then printf '%s' \"$data\" | base64 -d; echo; elif [ -n \"$file\" ]; then cat \"$file\"; fi",
      "done",
    ].join("\n"),
  ),
  "list-certificates",
  root,
];

/** parseCertificateListing splits listCertificates' output into its sources. */
export function parseCertificateListing(node: string, output: string): FoundCertificate[] {
  return output
    .split(/^### /m)
    .slice(1)
    .map((section) => {
      const [source, ...rest] = section.split("\n");
      const pem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(rest.join("\n"))?.[0];
      return { source: `${node}:${source!.trim()}`, ...(pem ? { pem } : {}) };
    });
}

/** certificateLifetimeProblems names each certificate that is not valid at `now` or expires within `minDays` of it. */
export function certificateLifetimeProblems(found: readonly FoundCertificate[], now: number, minDays: number): string[] {
  if (found.length === 0) return ["no certificates found"];
  return found.flatMap(({ source, pem }) => {
    if (!pem) return [`${source}: no certificate`];
    const cert = new X509Certificate(pem);
    const from = Date.parse(cert.validFrom);
    const to = Date.parse(cert.validTo);
    if (from > now) return [`${source}: not valid before ${cert.validFrom}`];
    if (to <= now) return [`${source}: expired ${cert.validTo}`];
    const days = (to - now) / DAY_MS;
    return days < minDays ? [`${source}: expires ${cert.validTo}, in ${days < 1 ? `${Math.round(days * 24 * 60)} minutes` : `${Math.floor(days)} days`}`] : [];
  });
}

/**
 * certificatesValidFor: on every control plane, each certificate under /etc/kubernetes/pki and
 * each kubeconfig's client certificate is valid now and for at least `minDays` more days,
 * which tells a renewal for the normal period (a year) from a short or stale one.
 */
export function certificatesValidFor(minDays: number, clock: () => number = Date.now): CustomCheck {
  return {
    name: `every control-plane certificate (pki/, kubeconfig client certificates) is valid for at least ${minDays} more days`,
    async run({ node, layout }) {
      const found: FoundCertificate[] = [];
      for (const name of layout.controlPlanes) found.push(...parseCertificateListing(name, (await node(name).exec(listCertificates())).stdout));
      expect(certificateLifetimeProblems(found, clock(), minDays), `certificates short of ${minDays} days (of ${found.length} checked)`).to.deep.equal([]);
    },
  };
}
