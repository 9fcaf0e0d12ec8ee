import type Docker from "dockerode";

/**
 * configureReaper decides whether testcontainers may start its reaper (Ryuk). With no
 * registry it cannot pull the image, so it is disabled only when no reaper image is
 * present locally; kubedrill then removes its labelled containers itself.
 */
export async function configureReaper(docker: Docker, env: NodeJS.ProcessEnv = process.env): Promise<"enabled" | "disabled"> {
  if (env.TESTCONTAINERS_RYUK_DISABLED !== undefined) return env.TESTCONTAINERS_RYUK_DISABLED === "true" ? "disabled" : "enabled";
  const wanted = env.RYUK_CONTAINER_IMAGE;
  const images = await docker.listImages({ filters: { reference: [wanted ?? "testcontainers/ryuk"] } });
  if (images.length > 0) return "enabled";
  env.TESTCONTAINERS_RYUK_DISABLED = "true";
  return "disabled";
}

/** removeLabelledContainers force-removes containers carrying label=value; returns how many. */
export async function removeLabelledContainers(docker: Docker, label: string, value: string): Promise<number> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`${label}=${value}`] } });
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true })));
  return containers.length;
}
