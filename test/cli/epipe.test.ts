/** `mtalint lint samples | true`: a reader that goes away must not produce a stack trace. */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { BIN, repoRoot } from "./run.js";

describe("output to a closed pipe", () => {
  it.each([
    ["bundle", {}],
    ["module tree", { MTALINT_NO_BUNDLE: "1" }],
  ])("%s: stops quietly with the exit code it had", (_name, env) => {
    const r = spawnSync("bash", ["-c", `set -o pipefail; "${process.execPath}" "${BIN}" lint samples | true; echo "status $?" >&2`], {
      cwd: repoRoot,
      encoding: "utf8",
      env: { ...process.env, ...env },
    });
    expect(r.stderr).toMatch(/^status [01]\n$/);
  });
});
