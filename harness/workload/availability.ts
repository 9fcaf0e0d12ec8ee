/** One prober request: when it finished and whether the sentinel answered. */
export interface ProbeSample {
  at: number;
  ok: boolean;
}

/** AvailabilityReport is what the prober saw of the data plane through a drill. */
export interface AvailabilityReport {
  samples: number;
  successes: number;
  successRatio: number;
  /** Longest time without a successful request (ms). */
  longestGapMs: number;
  windowMs: number;
}

/** parseProbeLog reads `<RFC3339 timestamp> ok|fail` lines (docker logs --timestamps). */
export function parseProbeLog(text: string): ProbeSample[] {
  const samples: ProbeSample[] = [];
  for (const line of text.split("\n")) {
    const match = /^(\S+)\s+(ok|fail)\s*$/.exec(line.trim());
    const at = match ? Date.parse(match[1]!) : NaN;
    if (match && !Number.isNaN(at)) samples.push({ at, ok: match[2] === "ok" });
  }
  return samples;
}

/**
 * summarizeAvailability measures gaps from the last success before a failure run to the
 * first success after it; a run at either edge is measured from/to its own samples.
 */
export function summarizeAvailability(samples: readonly ProbeSample[]): AvailabilityReport {
  const successes = samples.filter((s) => s.ok).length;
  let longestGapMs = 0;
  let lastOk: number | undefined;
  let gapStart: number | undefined;
  for (const sample of samples) {
    if (!sample.ok) {
      gapStart ??= lastOk ?? sample.at;
      longestGapMs = Math.max(longestGapMs, sample.at - gapStart);
      continue;
    }
    if (gapStart !== undefined) longestGapMs = Math.max(longestGapMs, sample.at - gapStart);
    gapStart = undefined;
    lastOk = sample.at;
  }
  return {
    samples: samples.length,
    successes,
    successRatio: samples.length === 0 ? 0 : successes / samples.length,
    longestGapMs,
    windowMs: samples.length < 2 ? 0 : samples.at(-1)!.at - samples[0]!.at,
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
