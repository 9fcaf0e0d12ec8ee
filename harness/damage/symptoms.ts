import { isIP } from "node:net";
import { connect } from "node:tls";
import { failureMessage } from "../kube/api-error.js";
import { componentPattern, etcdEndpointHealth } from "../node/commands.js";
import { issueToken, tokenIsValid } from "../verify/tokens.js";
import { SENTINEL } from "../workload/manifests.js";
import { symptom, type Symptom } from "./symptom.js";

/**
 * The files under a path (a glob is allowed) with their SHA-256 sums, reduced to a count
 * and one digest: enough to tell "changed" from "untouched" without shipping the files.
 */
const TREE_DIGEST = [
  "shopt -s nullglob",
  'listing=""',
  'for p in $1; do [ -e "$p" ] || [ -L "$p" ] || continue; listing+="$(find "$p" \\( -type f -o -type l \\) -print0 | sort -z | xargs -0r sha256sum)"$\'\\n\'; done',
  "files=$(printf '%s' \"$listing\" | awk 'NF { n++ } END { print n + 0 }')",
  "printf '%s files, sha256 %s' \"$files\" \"$(printf '%s' \"$listing\" | sha256sum | cut -c1-16)\"",
].join("\n");

/** pathChanged: the files at `path` on `node` differ from what they were before the breakage. */
export function pathChanged(node: string, path: string): Symptom {
  const digest = async ({ cluster }: Parameters<Symptom["seen"]>[0]) =>
    (await cluster.node(node).exec(["bash", "-c", TREE_DIGEST, "digest", path])).stdout.trim();
  return symptom<string>(
    `${path} changed on ${node}`,
    async (access, before) => {
      const now = await digest(access);
      if (now === before) throw new Error(`unchanged: ${now}`);
      return `before: ${before}; after: ${now}`;
    },
    digest,
  );
}

/** containerReplaced: the component's container that ran before the breakage no longer runs. */
export function containerReplaced(node: string, component: string): Symptom {
  const running = async ({ cluster }: Parameters<Symptom["seen"]>[0]) => {
    const result = await cluster.node(node).exec(["crictl", "ps", "--state", "running", "--name", componentPattern([component]), "-q"]);
    return result.stdout.split("\n").map((id) => id.trim()).filter(Boolean);
  };
  return symptom<string[]>(
    `the ${component} container running before the break is gone on ${node}`,
    async (access, before) => {
      const now = await running(access);
      const survivors = before.filter((id) => now.includes(id));
      if (survivors.length > 0) throw new Error(`still running: ${survivors.map((id) => id.slice(0, 12)).join(", ")}`);
      return `was ${before.map((id) => id.slice(0, 12)).join(", ")}; running now: ${now.map((id) => id.slice(0, 12)).join(", ") || "none"}`;
    },
    async (access) => {
      const ids = await running(access);
      if (ids.length === 0) throw new Error(`no running ${component} container on ${node} before the break`);
      return ids;
    },
  );
}

/** apiUnavailable: /readyz (asked anonymously through the kubeconfig's server) fails or does not answer. */
export function apiUnavailable(): Symptom {
  return symptom("the API server's /readyz fails or does not answer", async ({ kube }) => {
    let answer: { status: number; body: string };
    try {
      answer = await kube.anonymousGet("/readyz");
    } catch (error) {
      return `no answer: ${(error as Error).message}`;
    }
    if (answer.status === 200) throw new Error("/readyz answers 200");
    return `HTTP ${answer.status}: ${answer.body.trim().split("\n").slice(0, 3).join(" | ")}`;
  });
}

/** tokenRejected: the API server answers, and rejects a service-account token it has just issued. */
export function tokenRejected(): Symptom {
  return symptom("a service-account token issued now fails TokenReview", async ({ kube }) => {
    const valid = await tokenIsValid(kube, await issueToken(kube, 600));
    if (valid) throw new Error("a fresh token passes TokenReview");
    return "TokenReview: authenticated=false for a token issued a moment before";
  });
}

/**
 * recordLost: the ConfigMap written before the drill reads as not found. A plain GET is a
 * quorum read from etcd, so this sees lost data even while list caches still hold it.
 */
export function recordLost(): Symptom {
  const record = `ConfigMap ${SENTINEL.namespace}/${SENTINEL.record}`;
  return symptom(`${record}, written before the drill, is gone`, async ({ kube }) => {
    try {
      await kube.core.readNamespacedConfigMap({ name: SENTINEL.record, namespace: SENTINEL.namespace });
    } catch (error) {
      if ((error as { code?: number }).code === 404) return `GET ${record}: 404 Not Found`;
      throw new Error(`GET ${record} failed: ${failureMessage(error)}`);
    }
    throw new Error(`${record} still reads back`);
  });
}

/** etcdUnhealthy: etcd on the node fails `etcdctl endpoint health` (or no etcd container runs to ask). */
export function etcdUnhealthy(node: string): Symptom {
  return symptom(`etcd on ${node} fails its health check`, async ({ cluster }) => {
    const result = await cluster.node(node).exec(etcdEndpointHealth(), { check: false });
    const said = `${result.stdout}${result.stderr}`.trim();
    if (result.exitCode === 0 && said.includes("is healthy")) throw new Error(`healthy: ${said.split("\n")[0]}`);
    return `exit ${result.exitCode}: ${said.split("\n").at(-1) || "no output"}`;
  });
}

/**
 * apiCertificateExpired: a client that verifies the API server against the cluster CA (the
 * one in the kubeconfig) is refused because the serving certificate has expired.
 */
export function apiCertificateExpired(): Symptom {
  return symptom("a client verifying the API server against the cluster CA refuses it: certificate has expired", async ({ kube }) => {
    const ca = kube.caCertificate();
    if (!ca) throw new Error("the kubeconfig has no CA to verify against");
    const { hostname, port } = new URL(kube.server);
    const refusal = await tlsRefusal(hostname, Number(port), ca);
    if (refusal === undefined) throw new Error("the API server's certificate verifies against the CA");
    if (refusal.code !== "CERT_HAS_EXPIRED") throw new Error(`refused for another reason: ${refusal.message}`);
    return `TLS handshake with ${hostname}:${port}: ${refusal.message}`;
  });
}

/** tlsRefusal connects verifying the server against `ca`; undefined when it verifies, else why it did not. */
function tlsRefusal(host: string, port: number, ca: Buffer, timeoutMs = 5000): Promise<{ code?: string; message: string } | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, ca, servername: isIP(host) ? undefined : host, timeout: timeoutMs }, () => {
      socket.end();
      resolve(undefined);
    });
    socket.on("timeout", () => socket.destroy(new Error(`no TLS handshake within ${timeoutMs}ms`)));
    socket.on("error", (error: NodeJS.ErrnoException) => resolve({ code: error.code, message: error.message }));
  });
}
