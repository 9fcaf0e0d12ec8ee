/**
 * What etcd says about its members, read from `etcdctl member list -w json` and
 * `etcdctl endpoint status --cluster -w json` (see etcdMembership in node/commands.ts).
 */

interface MemberList {
  members?: Array<{ ID: string; name?: string; peerURLs?: string[]; clientURLs?: string[]; isLearner?: boolean }>;
}
type EndpointStatuses = Array<{ Endpoint: string; Status: { header: { member_id: string }; leader: string; isLearner?: boolean } }>;

/** etcd prints member IDs as uint64 numbers, beyond what a JavaScript number holds exactly: read them as strings. */
const parseIds = <T>(json: string): T => JSON.parse(json.replace(/"(ID|cluster_id|member_id|leader)":(\d+)/g, '"$1":"$2"')) as T;

/**
 * etcdMembershipProblems lists what keeps etcd from being one started, voting member per
 * control plane with exactly one leader that every member agrees on (empty when it is).
 * `output` is the member list on one line, then the members' statuses on the next.
 */
export function etcdMembershipProblems(output: string, controlPlanes: readonly string[]): string[] {
  const lines = output.split("\n").map((l) => l.trim());
  const listLine = lines.find((l) => l.startsWith("{"));
  if (!listLine) return [`no member list in etcdctl's output: ${output.trim().slice(0, 200) || "(empty)"}`];
  const members = parseIds<MemberList>(listLine).members ?? [];
  const statusLine = lines.find((l) => l.startsWith("["));
  const statuses = statusLine ? parseIds<EndpointStatuses>(statusLine) : [];

  const problems: string[] = [];
  const names = members.map((m) => m.name ?? "");
  if (members.length !== controlPlanes.length) problems.push(`${members.length} members for ${controlPlanes.length} control planes (${names.map((n) => n || "(unstarted)").join(", ")})`);
  for (const m of members) {
    if (!m.name) problems.push(`member ${m.ID} (${m.peerURLs?.join(",")}) never started`);
    else if (!controlPlanes.includes(m.name)) problems.push(`member ${m.name} is not a control plane of this cluster`);
    if (m.isLearner) problems.push(`member ${m.name || m.ID} is still a learner`);
  }
  const missing = controlPlanes.filter((cp) => !names.includes(cp));
  if (missing.length > 0) problems.push(`no member for ${missing.join(", ")}`);

  const answered = new Set(statuses.map((s) => s.Status.header.member_id));
  const silent = members.filter((m) => !answered.has(m.ID)).map((m) => m.name || m.ID);
  if (silent.length > 0) problems.push(`no status from ${silent.join(", ")}`);
  const leaders = new Set(statuses.map((s) => s.Status.leader));
  const selfLeaders = statuses.filter((s) => s.Status.leader === s.Status.header.member_id);
  if (leaders.size !== 1 || selfLeaders.length !== 1 || [...leaders][0] === "0") {
    problems.push(`expected exactly one leader that every member agrees on; members report leaders ${[...leaders].join(", ") || "(none)"}, ${selfLeaders.length} say they lead`);
  }
  return problems;
}
