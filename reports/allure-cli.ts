import { execa } from "execa";
import { join } from "node:path";
import { DrillError } from "../harness/errors.js";
import { projectRoot } from "../harness/paths.js";

const ALLURE = join(projectRoot, "node_modules", "allure-commandline", "dist", "bin", "allure");

/**
 * generateReport runs allure-commandline (needs Java). singleFile makes one self-contained
 * index.html that opens from disk; the normal report needs a web server (`allure open`).
 */
export async function generateReport(resultsDir: string, reportDir: string, singleFile: boolean): Promise<void> {
  const args = ["generate", resultsDir, "--clean", "-o", reportDir, ...(singleFile ? ["--single-file"] : [])];
  try {
    await execa(ALLURE, args, { timeout: 300_000 });
  } catch (error) {
    const failure = error as { stderr?: string; stdout?: string; exitCode?: number };
    throw new DrillError("allure could not generate the report", {
      stage: "cleanup",
      argv: [ALLURE, ...args],
      exitCode: failure.exitCode,
      stdout: failure.stdout,
      stderr: failure.stderr,
      hint: "allure-commandline needs Java: install a JRE or set JAVA_HOME",
    });
  }
}
