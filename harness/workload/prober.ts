import type Docker from "dockerode";
import { GenericContainer, Wait, type StartedTestContainer } from "testcontainers";
import { RUN_LABEL } from "../run-state.js";
import { demuxDockerLog, parseProbeLog, summarizeAvailability, type AvailabilityReport } from "./availability.js";

export interface ProberOptions {
  image: string;
  /** An address reachable from the Docker network: a NodePort on a node IP. */
  host: string;
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

/**
 * proberScript is a bounded busybox loop printing one ok/fail line per HTTP request. It
 * speaks HTTP through nc (a static busybox wget crashes without /etc/services); `timeout`
 * bounds each request, since a frozen server accepts the connection and never answers.
 */
export function proberScript({ host, port, expect, maxSeconds, intervalSeconds = 1 }: ProberOptions): string {
  const rounds = Math.ceil(maxSeconds / intervalSeconds);
  return [
    "i=0",
    `while [ "$i" -lt ${rounds} ]; do`,
    `  if printf 'GET / HTTP/1.0\r\n\r\n' | timeout 3 nc -w 2 ${host} ${port} 2>/dev/null | grep -q '${expect}'; then echo ok; else echo fail; fi`,
    `  i=$((i+1)); sleep ${intervalSeconds}`,
    "done",
  ].join("\n");
}

/**
 * Prober measures data-plane availability through a drill from a helper container on the
 * cluster's Docker network; docker's own log timestamps time each request.
 */
export class Prober {
  private constructor(
    private readonly container: StartedTestContainer,
    private readonly docker: Docker,
  ) {}

  static async start(docker: Docker, options: ProberOptions): Promise<Prober> {
    const container = await new GenericContainer(options.image)
      .withNetworkMode(options.network ?? "kind")
      .withLabels({ [RUN_LABEL]: options.runId, "io.kubedrill.role": "prober" })
      .withCommand(["sh", "-c", proberScript(options)])
      .withWaitStrategy(Wait.forLogMessage(/^(ok|fail)$/m))
      .withStartupTimeout(60_000)
      .start();
    return new Prober(container, docker);
  }

  /** The raw log so far, with timestamps (attached to the report). */
  async log(): Promise<string> {
    const payload = await this.docker.getContainer(this.container.getId()).logs({ stdout: true, stderr: true, timestamps: true, follow: false });
    return demuxDockerLog(payload);
  }

  /** stop ends probing and summarizes what it saw. */
  async stop(): Promise<{ report: AvailabilityReport; log: string }> {
    const log = await this.log();
    await this.container.stop({ timeout: 0 });
    return { report: summarizeAvailability(parseProbeLog(log)), log };
  }
}
