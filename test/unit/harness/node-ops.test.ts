import { expect } from "chai";
import { execOn } from "../../../harness/ops/node-ops.js";
import type { OpContext, OpRecord } from "../../../harness/ops/operation.js";
import { FakeClock } from "../../support/fake-clock.js";
import { fakeCluster } from "../../support/fakes.js";

/** A context whose node answers `done` with the given exit code and records every command it runs. */
function context(doneExit: number) {
  const ran: string[] = [];
  const records: OpRecord[] = [];
  const cluster = fakeCluster({ controlPlanes: 1, workers: 0 }, async (argv) => {
    ran.push(argv.join(" "));
    const exitCode = argv[0] === "done" ? doneExit : 0;
    return { stdout: "", stderr: "", stdoutBytes: Buffer.alloc(0), exitCode };
  });
  const ctx = {
    node: (name: string) => cluster.node(name),
    captures: new Map(),
    clock: new FakeClock(),
    stage: "recovery",
    commandTimeoutMs: 1000,
    waitTimeoutMs: 1000,
    record: async (entry: OpRecord) => {
      records.push(entry);
    },
  } as unknown as OpContext;
  return { ctx, ran, records, node: cluster.layout.primary };
}

describe("node operations", () => {
  describe("a command guarded by `unless`", () => {
    const op = (node: string) => execOn(node, ["kubeadm", "join", "phase", "etcd-join"], { unless: { argv: ["done"], what: "the member is healthy" } });

    it("runs the command when the check fails", async () => {
      const { ctx, ran, node } = context(1);
      await op(node).run(ctx);
      expect(ran).to.deep.equal(["done", "kubeadm join phase etcd-join"]);
    });

    it("skips the command when the check succeeds, and says so in the record", async () => {
      const { ctx, ran, records, node } = context(0);
      await op(node).run(ctx);
      expect(ran).to.deep.equal(["done"]);
      expect(records[0]!.stdout).to.match(/^skipped, already done: the member is healthy/);
    });

    it("prints as the check or-ed with the command, pasteable into a shell", () => {
      const { node } = context(0);
      expect(op(node).command).to.equal(`docker exec --privileged ${node} done || docker exec --privileged ${node} kubeadm join phase etcd-join`);
      expect(op(node).argv).to.deep.equal(["kubeadm", "join", "phase", "etcd-join"]);
    });
  });
});
