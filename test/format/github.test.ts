import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { escapeData, escapeProperty, formatGithub } from "../../src/format/github.js";
import { lint, type LintResult } from "../../src/lint.js";
import { findingsOf, fixedResult, options } from "./fixture.js";

describe("github formatter", () => {
  const result = fixedResult();

  it("one workflow command per finding; warning → ::warning, error → ::error", () => {
    const m = (rel: string, i: number) => escapeData(findingsOf(result, rel)[i]!.message);
    expect(formatGithub(result, options).split("\n")).toEqual([
      `::error file=test/fixtures/cli/mixed/exim/exim.conf,line=6,col=3,endLine=6,endColumn=13,title=exim/syntax::${m("mixed/exim/exim.conf", 0)}`,
      `::error file=test/fixtures/cli/mixed/postfix/main.cf,line=2,col=1,endLine=2,endColumn=21,title=postfix/syntax::${m("mixed/postfix/main.cf", 0)}`,
      `::warning file=test/fixtures/cli/mixed/postfix/main.cf,line=3,col=16,endLine=3,endColumn=26,title=postfix/undefined-reference::${m("mixed/postfix/main.cf", 1)}`,
      `::warning file=test/fixtures/cli/warnings/main.cf,line=3,col=1,endLine=3,endColumn=11,title=postfix/duplicate-parameter::${m("warnings/main.cf", 0)}`,
      `::warning file=test/fixtures/cli/warnings/main.cf,line=4,col=1,endLine=4,endColumn=18,title=postfix/unknown-parameter::${m("warnings/main.cf", 1)}`,
      "",
    ]);
  });

  it("info → ::notice", () => {
    const info: LintResult = {
      ...result,
      files: result.files.map((f) => ({ ...f, findings: f.findings.map((x) => ({ ...x, severity: "info" as const })) })),
    };
    const lines = formatGithub(info, options).trim().split("\n");
    expect(lines).toHaveLength(5);
    expect(lines.every((l) => l.startsWith("::notice file="))).toBe(true);
  });

  it.each([
    ["percent", "50% of mail", "50%25 of mail"],
    ["CR and LF", "line one\r\nline two", "line one%0D%0Aline two"],
    ["percent first, so %0A in the text stays literal", "literally %0A", "literally %250A"],
    ["colons and commas are left alone in the message", "a: b, c", "a: b, c"],
  ])("message escaping: %s", (_name, input, expected) => {
    expect(escapeData(input)).toBe(expected);
  });

  it.each([
    ["comma", "a,b", "a%2Cb"],
    ["colon", "c:/x", "c%3A/x"],
    ["percent and newline", "5%\n", "5%25%0A"],
  ])("property escaping: %s", (_name, input, expected) => {
    expect(escapeProperty(input)).toBe(expected);
  });

  it("a path with a comma and a colon, and a multi-line message, stay one command each", () => {
    const base = mkdtempSync(join(tmpdir(), "mtalint-gh-"));
    const dir = join(base, "relay,eu:1");
    mkdirSync(dir);
    writeFileSync(join(dir, "main.cf"), "myhostname = mx.example.org\nmydomain example.org\n");
    const r = lint([dir], { ruleIds: ["postfix/syntax"] });
    const tweaked: LintResult = {
      ...r,
      files: r.files.map((f) => ({ ...f, findings: f.findings.map((x) => ({ ...x, message: "100% broken\nsecond line" })) })),
    };
    const out = formatGithub(tweaked, { cwd: base });
    expect(out).toBe("::error file=relay%2Ceu%3A1/main.cf,line=2,col=1,endLine=2,endColumn=21,title=postfix/syntax::100%25 broken%0Asecond line\n");
  });

  it("no findings, no output", () => {
    expect(formatGithub({ files: [], summary: { errors: 0, warnings: 0, infos: 0 } }, options)).toBe("");
  });
});
