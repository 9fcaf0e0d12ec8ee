import { ApiException } from "@kubernetes/client-node";
import { expect } from "chai";
import { attempt } from "../../../../harness/verify/check.js";

const refusal = (body: unknown) =>
  attempt({
    name: "nodes Ready",
    run: async () => {
      throw new ApiException(403, "Unknown API Status Code!", body, { "audit-id": "96f01e3d", "content-type": "application/json" });
    },
  });

describe("a check the API server refused", () => {
  it("fails in one line with the status code and the API server's own message, without headers", async () => {
    const result = await refusal(JSON.stringify({ kind: "Status", status: "Failure", message: 'leases.coordination.k8s.io is forbidden: User "kubernetes-admin" cannot list resource "leases"', code: 403 }));
    expect(result.passed).to.equal(false);
    expect(result.message).to.equal('HTTP 403: leases.coordination.k8s.io is forbidden: User "kubernetes-admin" cannot list resource "leases"');
  });

  it("keeps a body that is not a Status as the evidence, cut short", async () => {
    const result = await refusal(`<html>${"x".repeat(400)}</html>`);
    expect(result.message).to.match(/^HTTP 403: <html>x+…$/);
    expect(result.message!.length).to.be.below(320);
  });

  it("leaves other failures' messages as they are", async () => {
    const result = await attempt({
      name: "n",
      run: async () => {
        expect(1).to.equal(2);
      },
    });
    expect(result.message).to.equal("expected 1 to equal 2");
  });
});
