import type Docker from "dockerode";
import { GenericContainer, Wait, type StartedTestContainer } from "testcontainers";
import { systemClock, type Clock } from "../clock.js";
import { RUN_LABEL } from "../run-state.js";
import { demuxDockerLog, parseProbeLog, summarizeAvailability, type AvailabilityReport } from "./availability.js";

/** One NodePort to probe: the node it belongs to and its address on the Docker network. */
export interface ProbeTarget {
  node: string;
  host: string;
}

export interface ProberOptions {
  image: string;
  /** Every node's NodePort is probed on its own, so an outage through one node shows. */
  targets: readonly ProbeTarget[];
  port: number;
  /** The Docker network to join; kind's nodes are on "kind". */
  network?: string;
  /** Text the response must contain to count as a success. */
  expect: string;
  runId: string;
  /** Upper bound on how long it probes, so a forgotten prober ends by itself. */
  maxSeconds: number;
  intervalSeconds?: number;
}

/** One HTTP/1.0 GET through nc, bounded in time: a frozen server accepts the connection and never answers. */
const httpGet = (host: string, port: number | string) => `printf 'GET / HTTP/1.0\r\n\r\n' | timeout 3 nc -w 2 ${host} ${port}`;

/**
 * proberScript runs one bounded busybox loop per target, printing `ok|fail <node>` per HTTP
 * request. It speaks HTTP through nc (a static busybox wget crashes without /etc/services);
 * `timeout` bounds each request, since a frozen server accepts the connection and never answers.
 */
export function proberScript({ targets, port, expect, maxSeconds, intervalSeconds = 1 }: ProberOptions): string {
  return [
    `end=$(( $(date +%s) + ${maxSeconds} ))`,
    "probe() {",
    '  while [ "$(date +%s)" -lt "$end" ]; do',
    `    if ${httpGet('"$2"', port)} 2>/dev/null | grep -q '${expect}'; then echo "ok $1"; else echo "fail $1"; fi`,
    `    sleep ${intervalSeconds}`,
    "  done",
    "}",
    ...targets.map((t) => `probe ${t.node} ${t.host} &`),
    "wait",
  ].join("\n");
}

/**
 * Prober measures data-plane availability through a drill from a helper container on the
 * cluster's Docker network; docker's own log timestamps time each request.
 */
export class Prober {
  private stopped?: Promise<{ report: AvailabilityReport; log: string }>;

  private constructor(
    private readonly container: StartedTestContainer,
    private readonly docker: Docker,
    private readonly nodes: readonly string[],
  ) {}

  static async start(docker: Docker, options: ProberOptions): Promise<Prober> {
    const container = await new GenericContainer(options.image)
      .withNetworkMode(options.network ?? "kind")
      .withLabels({ [RUN_LABEL]: options.runId, "io.kubedrill.role": "prober" })
      .withCommand(["sh", "-c", proberScript(options)])
      .withWaitStrategy(Wait.forLogMessage(/^(ok|fail) /m))
      .withStartupTimeout(60_000)
      .start();
    return new Prober(container, docker, options.targets.map((t) => t.node));
  }

  /** get makes one HTTP request from the prober's container, on the cluster's network; "" when nothing answered. */
  async get(host: string, port: number): Promise<string> {
    return (await this.container.exec(["sh", "-c", httpGet(host, port)])).stdout;
  }

  /** The raw log so far, with timestamps (attached to the report). */
  async log(): Promise<string> {
    const payload = await this.docker.getContainer(this.container.getId()).logs({ stdout: true, stderr: true, timestamps: true, follow: false });
    return demuxDockerLog(payload);
  }

  /**
   * waitForSamplesAfter waits until every node has a sample later than `at`, so the
   * availability window demonstrably covers that moment; gives up after timeoutMs.
   */
  async waitForSamplesAfter(at: number, timeoutMs: number, clock: Clock = systemClock): Promise<void> {
    const deadline = clock.now() + timeoutMs;
    for (;;) {
      const samples = parseProbeLog(await this.log());
      if (this.nodes.every((node) => samples.some((s) => s.node === node && s.at > at)) || clock.now() >= deadline) return;
      await clock.sleep(500);
    }
  }

  /** stop ends probing and summarizes what it saw; calling it again returns the same result. */
  stop(): Promise<{ report: AvailabilityReport; log: string }> {
    this.stopped ??= (async () => {
      const log = await this.log();
      await this.container.stop({ timeout: 0 });
      return { report: summarizeAvailability(this.nodes, parseProbeLog(log)), log };
    })();
    return this.stopped;
  }
}
