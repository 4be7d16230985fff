#!/usr/bin/env node
// Runs the test suite (vitest) and ends with one plain summary line,
// "tests: N passed, N failed, N skipped", that CI reads. Exit code is vitest's.
// Arguments are passed to vitest (e.g. a test file filter).
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Every temporary file the tests make goes under one folder, removed at the end. It must be
// traversable by other users: the Postfix relay oracle runs daemons as the postfix user there.
const base = mkdtempSync(join(tmpdir(), "mtalint-test-"));
chmodSync(base, 0o755);
const scratch = join(base, "tmp");
mkdirSync(scratch, { mode: 0o755 });
chmodSync(scratch, 0o1777);
const report = join(base, "vitest.json");
const r = spawnSync(
  process.execPath,
  ["node_modules/vitest/vitest.mjs", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: "inherit", env: { ...process.env, TMPDIR: scratch } },
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
rmSync(base, { recursive: true, force: true });
process.exit(code);
