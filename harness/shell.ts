/** Quotes one argument so a POSIX shell reads it back unchanged. */
export function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'"'"'`)}'`;
}

/** Renders an argv as one line you can paste into a shell. */
export function renderArgv(argv: readonly string[]): string {
  return argv.map(quoteArg).join(" ");
}

/** Renders a command run inside a node the way kind runs it: `docker exec --privileged`. */
export function renderNodeCommand(node: string, argv: readonly string[], withStdin = false): string {
  return renderArgv(["docker", "exec", ...(withStdin ? ["-i"] : []), "--privileged", node, ...argv]);
}
