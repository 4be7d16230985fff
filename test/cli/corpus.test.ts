/**
 * Lints the whole shared corpus of real-world configs: no crash, no usage
 * error; the per-rule counts are printed so drift shows up in the test log.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { mtalint, repoRoot } from "./run.js";

const corpus = resolve(repoRoot, "../shared/corpus");

describe("the shared corpus", () => {
  it.skipIf(!existsSync(corpus))("lints without a crash or a usage error", () => {
    const r = mtalint(["lint", "-f", "json", corpus], { cwd: corpus });
    expect(r.stderr).not.toMatch(/internal error|^\s+at /m);
    expect(r.code).not.toBe(2);
    const report = JSON.parse(r.stdout) as { files: { path: string; findings: { ruleId: string }[] }[] };
    const perRule = new Map<string, number>();
    for (const f of report.files) for (const x of f.findings) perRule.set(x.ruleId, (perRule.get(x.ruleId) ?? 0) + 1);
    const table = [...perRule].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, n]) => `  ${id}: ${n}`);
    console.log(`corpus: ${report.files.length} files, findings per rule:\n${table.join("\n") || "  (none)"}`);
    expect(report.files.length).toBeGreaterThan(0);
  });
  if (!existsSync(corpus)) console.log(`corpus test skipped: ${corpus} is absent`);
});
