/**
 * onInterrupt runs cleanup once on Ctrl-C or SIGTERM, then exits with the conventional
 * code; the returned function unregisters it when the guarded work is done.
 */
export function onInterrupt(cleanup: () => Promise<void>, log: (line: string) => void = console.error): () => void {
  let running = false;
  const handler = (signal: NodeJS.Signals) => {
    if (running) return;
    running = true;
    log(`\n${signal}: cleaning up before exit...`);
    cleanup()
      .catch((error: unknown) => log(`cleanup failed: ${(error as Error).message}`))
      .finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return () => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
  };
}
