import { describe, expect, it } from "vitest";
import { formatJson } from "../../src/format/json.js";
import { findingsOf, fixedResult, options } from "./fixture.js";

describe("json formatter", () => {
  const result = fixedResult();
  const report = JSON.parse(formatJson(result, options));
  const msg = (rel: string, i: number) => findingsOf(result, rel)[i]!.message;
  const fix = (rel: string, i: number) => findingsOf(result, rel)[i]!.fix.description;

  it("renders the documented shape, 1-based with exclusive endColumn, paths relative to cwd", () => {
    expect(report).toEqual({
      version: 1,
      files: [
        {
          path: "test/fixtures/cli/mixed/exim/exim.conf",
          kind: "exim",
          // "bogus_verb" on line 6, after two spaces of indentation.
          findings: [{ ruleId: "exim/syntax", severity: "error", message: msg("mixed/exim/exim.conf", 0), line: 6, column: 3, endLine: 6, endColumn: 13, fix: { description: fix("mixed/exim/exim.conf", 0) } }],
        },
        {
          path: "test/fixtures/cli/mixed/postfix/main.cf",
          kind: "postfix",
          findings: [
            // "mydomain example.org" on line 2: the whole line, 20 characters.
            { ruleId: "postfix/syntax", severity: "error", message: msg("mixed/postfix/main.cf", 0), line: 2, column: 1, endLine: 2, endColumn: 21, fix: { description: fix("mixed/postfix/main.cf", 0) } },
            // "$myhostnme" in "smtpd_banner = $myhostnme ESMTP".
            { ruleId: "postfix/undefined-reference", severity: "warning", message: msg("mixed/postfix/main.cf", 1), line: 3, column: 16, endLine: 3, endColumn: 26, fix: { description: fix("mixed/postfix/main.cf", 1) } },
          ],
        },
        { path: "test/fixtures/cli/mixed/postfix/master.cf", kind: "postfix", findings: [] },
        {
          path: "test/fixtures/cli/warnings/main.cf",
          kind: "postfix",
          findings: [
            {
              ruleId: "postfix/duplicate-parameter",
              severity: "warning",
              message: msg("warnings/main.cf", 0),
              line: 3,
              column: 1,
              endLine: 3,
              endColumn: 11,
              // The edit deletes line 3 including its line break.
              fix: { description: fix("warnings/main.cf", 0), edits: [{ line: 3, column: 1, endLine: 4, endColumn: 1, text: "" }] },
            },
            { ruleId: "postfix/unknown-parameter", severity: "warning", message: msg("warnings/main.cf", 1), line: 4, column: 1, endLine: 4, endColumn: 18, fix: { description: fix("warnings/main.cf", 1) } },
          ],
        },
      ],
      summary: { errors: 2, warnings: 3, infos: 0 },
    });
  });

  it("keeps the key order of the documented shape", () => {
    expect(Object.keys(report)).toEqual(["version", "files", "summary"]);
    expect(Object.keys(report.files[1].findings[0])).toEqual(["ruleId", "severity", "message", "line", "column", "endLine", "endColumn", "fix"]);
  });

  it("writes paths outside cwd as absolute paths", () => {
    const out = JSON.parse(formatJson(result, { ...options, cwd: "/nonexistent-dir" }));
    expect(out.files[0].path).toBe(result.files[0]!.path);
    expect(out.files[0].path.startsWith("/")).toBe(true);
  });
});
