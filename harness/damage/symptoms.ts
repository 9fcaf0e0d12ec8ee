import { componentPattern } from "../node/commands.js";
import { issueToken, tokenIsValid } from "../verify/tokens.js";
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
