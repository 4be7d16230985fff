/**
 * Facts are generated from the real packages, never hand-edited: each
 * generator, run now against the extracted Debian packages, must produce
 * exactly the committed data files.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { oracleRoot, oracleStatus } from "../helpers/oracles.js";
import { repoRoot } from "../helpers/postfix-dirs.js";

const available = oracleStatus("postconf").available && oracleStatus("exim").available;

describe.skipIf(!available)("generated data is up to date", () => {
  it.each(["gen-postfix-data.mjs", "gen-exim-data.mjs", "gen-drift-data.mjs"])("%s", (script) => {
    const r = spawnSync(process.execPath, [join(repoRoot, "scripts", script)], {
      cwd: repoRoot,
      encoding: "utf8",
      env: { ...process.env, MTALINT_GEN_CHECK: "1", MTALINT_ORACLE_DIR: oracleRoot },
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
