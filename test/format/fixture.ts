/** A fixed LintResult for the formatter tests: real configs under test/fixtures/cli/, linted with lint(). */
import { join, resolve } from "node:path";
import { ruleDocs } from "../../src/docs/catalog.js";
import type { Finding } from "../../src/engine/rule.js";
import { lint, type LintResult } from "../../src/lint.js";

export const repoRoot = resolve(import.meta.dirname, "../..");
export const fixtures = join(repoRoot, "test/fixtures/cli");

/** mixed/ (a Postfix dir with an error and a warning, an Exim file) and warnings/ (two warnings, one with an edit). */
export function fixedResult(): LintResult {
  return lint([join(fixtures, "mixed"), join(fixtures, "warnings")]);
}

export const options = { cwd: repoRoot, color: false, rules: ruleDocs(), toolVersion: "0.1.0" };

/** The findings of a file, looked up by the file's path relative to test/fixtures/cli. */
export function findingsOf(result: LintResult, rel: string): Finding[] {
  const file = result.files.find((f) => f.path === join(fixtures, rel));
  if (!file) throw new Error(`no result for ${rel}`);
  return file.findings;
}
