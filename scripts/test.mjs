#!/usr/bin/env node
// Runs the test suite (vitest) and ends with one plain summary line,
// "tests: N passed, N failed, N skipped", that CI reads. Exit code is vitest's.
// Arguments are passed to vitest (e.g. a test file filter).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dir = mkdtempSync(join(tmpdir(), "mtalint-test-"));
const report = join(dir, "vitest.json");
const r = spawnSync(
  process.execPath,
  ["node_modules/vitest/vitest.mjs", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: "inherit" },
);
let code = r.status ?? 1;
if (existsSync(report)) {
  const j = JSON.parse(readFileSync(report, "utf8"));
  const skipped = (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
  console.log(`tests: ${j.numPassedTests} passed, ${j.numFailedTests} failed, ${skipped} skipped`);
  if (j.numTotalTests === 0) code = code || 1;
} else {
  console.log("tests: 0 passed, 1 failed");
  code = code || 1;
}
rmSync(dir, { recursive: true, force: true });
process.exit(code);
