/**
 * Real postconf for the fuzzers, as test/helpers/oracles.ts runs it (files
 * backdated first, the oracle's library path), but asynchronous and without
 * the second postconf sleeps before a fatal exit (msg_fatal sleeps 1 s so a
 * crashing daemon does not respawn in a tight loop): as soon as stderr holds
 * a complete "fatal:" line the process is killed. The output is unchanged.
 */
import { spawn } from "node:child_process";
import { backdate, oracleEnv, postconfPath, type RunResult } from "../helpers/oracles.js";

export function postconfQuick(dir: string, args: string[]): Promise<RunResult> {
  backdate(dir);
  return new Promise((resolve, reject) => {
    const child = spawn(postconfPath, ["-c", dir, ...args], { env: oracleEnv, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let fatal = false;
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
      if (!fatal && /(?:^|\n)[^\n]*: fatal: [^\n]*\n/.test(stderr)) {
        fatal = true;
        child.kill("SIGKILL");
      }
    });
    child.on("error", reject);
    child.on("close", (status) => resolve({ stdout, stderr, status: fatal ? 1 : status }));
  });
}
