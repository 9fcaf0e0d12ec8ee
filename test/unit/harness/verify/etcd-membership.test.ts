import { expect } from "chai";
import { attempt } from "../../../../harness/verify/check.js";
import { etcdHealthy } from "../../../../harness/verify/cluster-checks.js";
import { etcdMembershipProblems } from "../../../../harness/verify/etcd-membership.js";
import { fakeCluster } from "../../../support/fakes.js";

const CPS = ["c-control-plane", "c-control-plane2", "c-control-plane3"];
/** Member IDs as etcd prints them: uint64 numbers; the second and third differ only beyond 2^53. */
const IDS = ["1705592022844787655", "9147443712403568388", "9147443712403568389"];
const ip = (i: number) => `172.19.0.${7 + i}`;

interface Member {
  id: string;
  name: string;
  learner?: boolean;
}
const healthyMembers = (): Member[] => CPS.map((name, i) => ({ id: IDS[i]!, name }));

/** etcdctl's two JSON lines: the member list, then the status of every member that answered. */
function output(members: Member[], answering: Member[], leaderOf: (m: Member) => string = () => IDS[1]!): string {
  const list = members
    .map((m) => {
      const i = IDS.indexOf(m.id);
      const urls = m.name ? `,"clientURLs":["https://${ip(i)}:2379"]` : "";
      return `{"ID":${m.id},"name":"${m.name}","peerURLs":["https://${ip(i)}:2380"]${urls}${m.learner ? ',"isLearner":true' : ""}}`;
    })
    .join(",");
  const statuses = answering
    .map((m) => `{"Endpoint":"https://${ip(IDS.indexOf(m.id))}:2379","Status":{"header":{"cluster_id":14484290723994713589,"member_id":${m.id},"revision":1093,"raft_term":2},"version":"3.6.5","leader":${leaderOf(m)}${m.learner ? ',"isLearner":true' : ""}}}`)
    .join(",");
  return `{"header":{"cluster_id":14484290723994713589,"member_id":${IDS[1]},"raft_term":2},"members":[${list}]}\n[${statuses}]\n`;
}

describe("etcd membership", () => {
  it("is fine with one started voting member per control plane and one leader", () => {
    const members = healthyMembers();
    expect(etcdMembershipProblems(output(members, members), CPS)).to.deep.equal([]);
  });

  it("names a lost member that is still listed but does not answer", () => {
    const members = healthyMembers();
    expect(etcdMembershipProblems(output(members, [members[0]!, members[1]!]), CPS)).to.deep.equal(["no status from c-control-plane3"]);
  });

  it("fails while a control plane has no member, and while a re-added member has not started or is a learner", () => {
    const [a, b] = healthyMembers();
    expect(etcdMembershipProblems(output([a!, b!], [a!, b!]), CPS)).to.deep.equal(["2 members for 3 control planes (c-control-plane, c-control-plane2)", "no member for c-control-plane3"]);
    const unstarted = { id: IDS[2]!, name: "", learner: true };
    const problems = etcdMembershipProblems(output([a!, b!, unstarted], [a!, b!]), CPS);
    expect(problems).to.include(`member ${IDS[2]} (https://${ip(2)}:2380) never started`);
    expect(problems).to.include(`member ${IDS[2]} is still a learner`);
    expect(problems).to.include("no member for c-control-plane3");
  });

  it("fails without exactly one leader all members agree on, telling IDs apart beyond 2^53", () => {
    const members = healthyMembers();
    // Members 2 and 3 each claim to lead: read as JavaScript numbers, both IDs would be the same.
    const split = etcdMembershipProblems(output(members, members, (m) => (m.id === IDS[0] ? IDS[1]! : m.id)), CPS);
    expect(split).to.deep.equal([`expected exactly one leader that every member agrees on; members report leaders ${IDS[1]}, ${IDS[2]}, 2 say they lead`]);
    const none = etcdMembershipProblems(output(members, members, () => "0"), CPS);
    expect(none[0]).to.match(/^expected exactly one leader .* 0 say they lead$/);
  });

  it("reports etcdctl output it cannot read", () => {
    expect(etcdMembershipProblems("", CPS)).to.deep.equal(["no member list in etcdctl's output: (empty)"]);
  });

  it("is part of the built-in etcd check, asked on the first control plane", async () => {
    const members = healthyMembers();
    const lost = output(members, [members[0]!, members[1]!]);
    const cluster = fakeCluster({ controlPlanes: 3, workers: 1 }, async () => ({ stdout: lost, stderr: "Failed to get the status of endpoint", stdoutBytes: Buffer.from(lost), exitCode: 1 }));
    const membership = etcdHealthy({ cluster }).at(-1)!;
    const result = await attempt(membership);
    expect(result).to.include({ passed: false, name: "etcd has 3 started voting member(s), one per control plane, and one leader" });
    expect(result.message).to.include("no status from c-control-plane3");
  });
});
