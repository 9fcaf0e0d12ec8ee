import type { SweepDeps } from "../../harness/sweeper.js";

/**
 * fakeWorld is kind and Docker as sweeps see them: the clusters that exist, what got deleted,
 * which runs' helper containers were removed and every line logged. Names in undeletable
 * make deleteCluster fail the way kind does when Docker refuses.
 */
export function fakeWorld(clusters: string[], undeletable: string[] = []) {
  const deleted: string[] = [];
  const swept: string[] = [];
  const lines: string[] = [];
  const deps: SweepDeps = {
    listClusters: async () => clusters.filter((c) => !deleted.includes(c)),
    deleteCluster: async (name) => {
      if (undeletable.includes(name)) throw new Error(`ERROR: failed to delete cluster "${name}": permission denied`);
      deleted.push(name);
    },
    deleteCommand: (name, kubeconfig) => `kind delete cluster --name ${name} --kubeconfig ${kubeconfig}`,
    removeHelperContainers: async (runId) => (swept.push(runId), 0),
    log: (line) => void lines.push(line),
  };
  return { deps, deleted, swept, lines };
}
