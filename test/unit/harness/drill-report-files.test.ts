import { expect } from "chai";
import { fileNameOf } from "../../../harness/drill/report.js";

describe("drill report file names", () => {
  it("read like the drill id, with no brackets, spaces or trailing separators", () => {
    expect(fileNameOf("wipe-etc-kubernetes")).to.equal("wipe-etc-kubernetes");
    expect(fileNameOf("wipe-etc-kubernetes [3cp+1w]")).to.equal("wipe-etc-kubernetes-3cp-1w");
    expect(fileNameOf("kill-control-plane-pods · interrupted in wait-api-server")).to.equal("kill-control-plane-pods-interrupted-in-wait-api-server");
  });

  it("keep the drills of one scenario apart", () => {
    expect(fileNameOf("delete-sa-key [3cp+1w]")).to.not.equal(fileNameOf("delete-sa-key [1cp+2w]"));
  });
});
