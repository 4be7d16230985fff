import { spawnSync } from "node:child_process";
import { existsSync, utimesSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Where scripts/setup-oracles.sh extracted Debian's postfix and exim4
 * packages. Tests that compare with the real MTAs call `requireOracle`:
 * without the oracle they are skipped with a message, unless
 * MTALINT_REQUIRE_ORACLES=1 (set by .ci/run), where a missing oracle fails.
 */
export const oracleRoot =
  process.env.MTALINT_ORACLE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "mtalint-oracles");

export const postconfPath = join(oracleRoot, "usr/sbin/postconf");
export const eximPath = join(oracleRoot, "usr/sbin/exim4");

export const oracleEnv: NodeJS.ProcessEnv = {
  ...process.env,
  LD_LIBRARY_PATH: [join(oracleRoot, "usr/lib/postfix"), join(oracleRoot, "usr/lib/x86_64-linux-gnu"), process.env.LD_LIBRARY_PATH]
    .filter(Boolean)
    .join(":"),
};

export const oraclesRequired = process.env.MTALINT_REQUIRE_ORACLES === "1";

export interface OracleStatus {
  available: boolean;
  reason: string;
}

export function oracleStatus(binary: "postconf" | "exim"): OracleStatus {
  const path = binary === "postconf" ? postconfPath : eximPath;
  if (existsSync(path)) return { available: true, reason: "" };
  const reason = `real ${binary} not found at ${path}; run 'npm run oracles' (scripts/setup-oracles.sh) to compare with it`;
  if (oraclesRequired) throw new Error(`MTALINT_REQUIRE_ORACLES=1 but ${reason}`);
  console.warn(`skipping oracle tests: ${reason}`);
  return { available: false, reason };
}

export interface RunResult {
  stdout: string;
  stderr: string;
  status: number | null;
}

/** Run real postconf with `-c dir`. Files are backdated first: Postfix waits ~2 s on a freshly written main.cf. */
export function postconf(dir: string, args: string[]): RunResult {
  backdate(dir);
  const r = spawnSync(postconfPath, ["-c", dir, ...args], { env: oracleEnv, encoding: "utf8" });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

export function exim(args: string[], input?: string): RunResult {
  const r = spawnSync(eximPath, args, { env: oracleEnv, encoding: "utf8", input });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

export function backdate(dir: string): void {
  const t = Math.floor(Date.now() / 1000) - 10;
  for (const name of ["main.cf", "master.cf"]) {
    const p = join(dir, name);
    if (existsSync(p)) utimesSync(p, t, t);
  }
}
