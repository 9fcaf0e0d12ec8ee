import {
  AppsV1Api,
  AuthenticationV1Api,
  CoordinationV1Api,
  CoreV1Api,
  Exec,
  VersionApi,
  KubeConfig,
  ServerConfiguration,
  createConfiguration,
  type Configuration,
  type V1Status,
} from "@kubernetes/client-node";
import https from "node:https";
import { PassThrough } from "node:stream";

export interface RawResponse {
  status: number;
  body: string;
}

/**
 * KubeClients talks to a drill cluster through the run-private kubeconfig. Every request
 * has a timeout (an API server that is down must not hang a drill), and reload() picks up
 * a re-exported kubeconfig after the CA changes.
 */
export class KubeClients {
  private kc = new KubeConfig();
  core!: CoreV1Api;
  apps!: AppsV1Api;
  authn!: AuthenticationV1Api;
  coordination!: CoordinationV1Api;
  version!: VersionApi;

  constructor(
    private readonly kubeconfigPath: string,
    private readonly requestTimeoutMs = 15_000,
  ) {
    this.reload();
  }

  reload(): void {
    const kc = new KubeConfig();
    kc.loadFromFile(this.kubeconfigPath);
    this.kc = kc;
    this.core = this.client(CoreV1Api);
    this.apps = this.client(AppsV1Api);
    this.authn = this.client(AuthenticationV1Api);
    this.coordination = this.client(CoordinationV1Api);
    this.version = this.client(VersionApi);
  }

  /** server is the API server URL the kubeconfig points at (the load balancer with several control planes). */
  get server(): string {
    const cluster = this.kc.getCurrentCluster();
    if (!cluster) throw new Error(`${this.kubeconfigPath} has no current cluster`);
    return cluster.server;
  }

  /** rawGet fetches a non-resource path such as /readyz?verbose, returning any status. */
  async rawGet(path: string): Promise<RawResponse> {
    const options = this.requestOptions(path);
    await this.kc.applyToHTTPSOptions(options);
    return this.send(options, path);
  }

  /**
   * anonymousGet fetches a path with no credentials and without verifying the serving
   * certificate: kubeadm lets anyone read /readyz, and this keeps working while the
   * cluster CA is being replaced and the kubeconfig still holds the old one. Each call opens
   * its own connection, as a new client would: a kept-alive one stays pinned to whichever
   * API server the load balancer first chose, even after it took that server out.
   */
  anonymousGet(path: string): Promise<RawResponse> {
    return this.send({ ...this.requestOptions(path), rejectUnauthorized: false, agent: false }, path);
  }

  private requestOptions(path: string): https.RequestOptions {
    const url = new URL(path, this.server);
    return { method: "GET", hostname: url.hostname, port: url.port, path: url.pathname + url.search };
  }

  private send(options: https.RequestOptions, path: string): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const request = https.request(options, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        response.on("error", reject);
      });
      request.setTimeout(this.requestTimeoutMs, () => request.destroy(new Error(`GET ${path} timed out`)));
      request.on("error", reject);
      request.end();
    });
  }

  /** execInPod runs a command in a pod's container (the `kubectl exec` path through the kubelet). */
  async execInPod(namespace: string, pod: string, container: string, argv: string[]): Promise<string> {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    stdout.on("data", (c: Buffer) => out.push(c));
    stderr.on("data", (c: Buffer) => err.push(c));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`exec in ${namespace}/${pod} timed out`)), this.requestTimeoutMs);
      const onStatus = (status: V1Status) => {
        clearTimeout(timer);
        if (status.status === "Success") resolve();
        else reject(new Error(`exec in ${namespace}/${pod} failed: ${status.message ?? status.reason}; stderr: ${Buffer.concat(err).toString()}`));
      };
      new Exec(this.kc).exec(namespace, pod, container, argv, stdout, stderr, null, false, onStatus).catch((error: unknown) => {
        clearTimeout(timer);
        reject(error as Error);
      });
    });
    return Buffer.concat(out).toString("utf8");
  }

  /** caCertificate is the CA the host kubeconfig trusts (PEM), to compare with the cluster's. */
  caCertificate(): Buffer | undefined {
    const cluster = this.kc.getCurrentCluster();
    return cluster?.caData ? Buffer.from(cluster.caData, "base64") : undefined;
  }

  /** client makes any generated API client (CustomObjectsApi, ...) with this kubeconfig and the request timeout. */
  client<T>(Api: new (config: Configuration) => T): T {
    const timeoutMs = this.requestTimeoutMs;
    return new Api(
      createConfiguration({
        baseServer: new ServerConfiguration(this.server, {}),
        authMethods: { default: this.kc },
        promiseMiddleware: [
          {
            pre: async (context) => {
              context.setSignal(AbortSignal.timeout(timeoutMs));
              return context;
            },
            post: async (context) => context,
          },
        ],
      }),
    );
  }
}
