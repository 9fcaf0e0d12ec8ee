/** One prober request through one node's NodePort: when it finished and whether the sentinel answered. */
export interface ProbeSample {
  node: string;
  at: number;
  ok: boolean;
}

/** What the prober saw of the data plane through one node. */
export interface NodeAvailability {
  node: string;
  samples: number;
  successes: number;
  successRatio: number;
  /** Longest time without a successful request (ms). */
  longestGapMs: number;
  /** Longest time between two samples, whatever their outcome: the prober was not looking (ms). */
  longestSilenceMs: number;
  firstAt?: number;
  lastAt?: number;
}

/** AvailabilityReport is what the prober saw, per node and in total. */
export interface AvailabilityReport {
  nodes: NodeAvailability[];
  samples: number;
  successes: number;
  successRatio: number;
  longestGapMs: number;
}

/** parseProbeLog reads `<RFC3339 timestamp> ok|fail <node>` lines (docker logs --timestamps). */
export function parseProbeLog(text: string): ProbeSample[] {
  const samples: ProbeSample[] = [];
  for (const line of text.split("\n")) {
    const match = /^(\S+)\s+(ok|fail)\s+(\S+)\s*$/.exec(line.trim());
    const at = match ? Date.parse(match[1]!) : NaN;
    if (match && !Number.isNaN(at)) samples.push({ at, ok: match[2] === "ok", node: match[3]! });
  }
  return samples;
}

/**
 * summarizeNode measures gaps from the last success before a failure run to the first
 * success after it; a run at either edge is measured from/to its own samples.
 */
export function summarizeNode(node: string, samples: readonly ProbeSample[]): NodeAvailability {
  const own = samples.filter((s) => s.node === node).sort((a, b) => a.at - b.at);
  let longestGapMs = 0;
  let longestSilenceMs = 0;
  let lastOk: number | undefined;
  let gapStart: number | undefined;
  own.forEach((sample, i) => {
    if (i > 0) longestSilenceMs = Math.max(longestSilenceMs, sample.at - own[i - 1]!.at);
    if (!sample.ok) {
      gapStart ??= lastOk ?? sample.at;
      longestGapMs = Math.max(longestGapMs, sample.at - gapStart);
      return;
    }
    if (gapStart !== undefined) longestGapMs = Math.max(longestGapMs, sample.at - gapStart);
    gapStart = undefined;
    lastOk = sample.at;
  });
  const successes = own.filter((s) => s.ok).length;
  return {
    node,
    samples: own.length,
    successes,
    successRatio: own.length === 0 ? 0 : successes / own.length,
    longestGapMs,
    longestSilenceMs,
    firstAt: own[0]?.at,
    lastAt: own.at(-1)?.at,
  };
}

/** summarizeAvailability reports every probed node (also those that never answered a single sample). */
export function summarizeAvailability(nodes: readonly string[], samples: readonly ProbeSample[]): AvailabilityReport {
  const perNode = nodes.map((node) => summarizeNode(node, samples));
  const total = perNode.reduce((sum, n) => sum + n.samples, 0);
  const successes = perNode.reduce((sum, n) => sum + n.successes, 0);
  return {
    nodes: perNode,
    samples: total,
    successes,
    successRatio: total === 0 ? 0 : successes / total,
    longestGapMs: Math.max(0, ...perNode.map((n) => n.longestGapMs)),
  };
}

/** demuxDockerLog unpacks a non-TTY `docker logs` payload (8-byte frame headers) into text. */
export function demuxDockerLog(payload: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= payload.length) {
    const size = payload.readUInt32BE(offset + 4);
    parts.push(payload.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(parts).toString("utf8");
}
