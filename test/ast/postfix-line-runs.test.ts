/**
 * Long runs of comment and blank lines in main.cf and master.cf. At each
 * line break the lexer asks whether an indented line follows (skipping such
 * lines) and whether a logical line precedes it; answered by scanning, a run
 * of n such lines cost n² (40,000 comment lines before an indented line took
 * 40 s). The answers and the time are checked here: a few seconds at most.
 */
import { describe, expect, it } from "vitest";
import { parseMainCf } from "../../src/ast/postfix-main.js";
import { parseMasterCf } from "../../src/ast/postfix-master.js";
import { SourceFile } from "../../src/ast/range.js";

const N = 60_000;

describe("runs of comment and blank lines", () => {
  it.each<[string, string, { orphans: number; parameters: number }]>([
    ["comments, then an indented line nothing precedes", `${"# c\n".repeat(N)}  x = 1\n`, { orphans: 1, parameters: 0 }],
    ["blank lines inside one orphan logical line", `  x = 1\n${"\n  y\n".repeat(N)}`, { orphans: 1, parameters: 0 }],
    ["comment lines between a parameter and its continuation", `a = 1\n${"#\n".repeat(N)}  2\nb = 3\n`, { orphans: 0, parameters: 2 }],
    ["blank lines with spaces and CRs between parameters", `a = 1\n${" \t\r\n".repeat(N)}b = 2\n`, { orphans: 0, parameters: 2 }],
  ])("main.cf: %s", (_name, text, expected) => {
    const started = performance.now();
    const r = parseMainCf(new SourceFile("main.cf", text));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(r.diagnostics.filter((d) => d.detail === "orphan-line")).toHaveLength(expected.orphans);
    expect(r.ast.parameters).toHaveLength(expected.parameters);
  });

  it("main.cf: the continuation after the comments is joined to its parameter", () => {
    const r = parseMainCf(new SourceFile("main.cf", `a = 1\n${"#\n".repeat(N)}  2\n`));
    expect(r.ast.parameters.map((p) => p.value)).toEqual(["1  2"]);
  });

  it("main.cf: pieces with the same characters (a repeated block), each a new string", () => {
    const block = `a = 1\n${"#\n".repeat(N)}  2\n`;
    const text = block.repeat(8);
    const started = performance.now();
    const r = parseMainCf(new SourceFile("main.cf", text), { chunkChars: block.length - 1 });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(r.ast.parameters.map((p) => p.value)).toEqual(Array(8).fill("1  2"));
  });

  it("master.cf: comments, then an indented line (ignored), then a service with a continued -o", () => {
    const text = `${"# c\n".repeat(N)}  -o x=y\nsmtp inet n - y - - smtpd\n${"#\n".repeat(N)}  -o syslog_name=postfix/smtp\n`;
    const started = performance.now();
    const r = parseMasterCf(new SourceFile("master.cf", text));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(r.diagnostics).toEqual([]);
    expect(r.ast.services.map((s) => [s.name, s.overrides.map((o) => `${o.name}=${o.value}`)])).toEqual([["smtp", ["syslog_name=postfix/smtp"]]]);
  });
});
