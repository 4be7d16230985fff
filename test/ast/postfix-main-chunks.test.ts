/**
 * parseMainCf reads a large main.cf in pieces of whole logical lines (so
 * that each piece's tokens and CST are garbage before the next is read).
 * The pieces must not show: for every piece size the AST, the diagnostics
 * and every range are those of the file read at once (`chunkChars:
 * Infinity`), on real configurations, generated ones and arbitrary text
 * (where a piece with a syntax error makes the whole file be read at once).
 */
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nextEntryStart } from "../../grammars/postfix-lines.js";
import { parseMainCf } from "../../src/ast/postfix-main.js";
import { SourceFile } from "../../src/ast/range.js";
import { mainCfText } from "../fuzz/postfix-arbitraries.js";
import { budget, fcParams } from "../fuzz/settings.js";
import { filesUnder } from "../helpers/files.js";
import { corpusRoot, repoRoot } from "../helpers/postfix-dirs.js";

const SIZES = [1, 2, 7, 40, 300];

function parse(text: string, chunkChars: number, bom = false) {
  const r = parseMainCf(new SourceFile("/etc/postfix/main.cf", text, { bom }), { chunkChars });
  return { parameters: r.ast.parameters, comments: r.ast.comments, diagnostics: r.diagnostics };
}

function expectSameInPieces(text: string, bom = false): void {
  const whole = parse(text, Infinity, bom);
  for (const size of SIZES) expect(parse(text, size, bom), `pieces of ${size} characters`).toEqual(whole);
}

function mainCfFiles(dir: string): string[] {
  return filesUnder(dir).filter((f) => basename(f) === "main.cf");
}

/** A main.cf with customer restriction classes, as scripts/bench.mjs generates for its scaling figures. */
function customers(n: number): string {
  const lines = ["myhostname = mx.example.org", "smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination,", "    check_recipient_access hash:/etc/postfix/customers"];
  for (let i = 0; i < n; i++) {
    lines.push(`# customer${i}`, `customer${i} = check_client_access hash:/etc/postfix/access/customer${i},`, `    check_sender_access hash:/etc/postfix/senders/customer${i}, permit`);
  }
  lines.push("smtpd_restriction_classes =", ...Array.from({ length: n }, (_, i) => `    customer${i},`));
  return `${lines.join("\n")}\n`;
}

describe("nextEntryStart: where main.cf may be cut", () => {
  it.each<[string, string, number, number]>([
    ["at a logical line that starts at column 1", "a = 1\nb = 2\n", 1, 6],
    ["from a line start that is one", "a = 1\nb = 2\n", 6, 6],
    ["not before a continuation line", "a = 1,\n  2\nb = 3\n", 1, 11],
    ["not before comment or blank lines: they may sit inside a continuation", "a = 1\n# c\n\n  2\nb = 3\n", 1, 15],
    ["not before a line indented with a CR", "a = 1\n\r2\nb = 3\n", 1, 9],
    ["at the end when no line follows", "a = 1,\n  2\n", 1, 11],
    ["at the end from past the end", "a = 1\n", 99, 6],
  ])("%s", (_name, text, from, expected) => {
    expect(nextEntryStart(text, from)).toBe(expected);
  });
});

describe("main.cf read in pieces gives what the whole file gives", () => {
  const files = [...mainCfFiles(join(repoRoot, "samples")), ...mainCfFiles(join(repoRoot, "test/fixtures")), ...mainCfFiles(join(corpusRoot, "postfix"))];

  it("the samples, fixtures and shared corpus (with and without a byte order mark)", () => {
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      expectSameInPieces(text);
      expectSameInPieces(text, true);
    }
  });

  it.each<[string, string]>([
    ["a generated main.cf of restriction classes", customers(200)],
    ["CRLF line ends", customers(30).replace(/\n/g, "\r\n")],
    ["orphan indented lines before the first parameter", "  orphan = 1\n\n# c\n  more\nfirst = 1\n  continued\nsecond = 2\n"],
    ["a { } group across continuation lines", "a = 1\nsmtpd_milters = { inet:127.0.0.1:8891,\n  # c\n    default_action=accept }, unix:/x\nb = 2\n"],
    ["lines without a name or without \"=\"", "a = 1\n= 2\nb\nc = 3\n  d\n=\n"],
    // A line that starts with a vertical tab is no parameter to the parser: a syntax error, so the whole file is read at once.
    ["a syntax error in the middle of the file", `${customers(20)}\u000bx = 1\n${customers(20)}`],
    ["a final line without a line break", "a = 1\nb = 2,\n  3"],
  ])("%s", (_name, text) => {
    expectSameInPieces(text);
  });

  it("a syntax error is reported once, with the parameters around it", () => {
    const text = `${customers(20)}\u000bx = 1\n${customers(20)}`;
    const r = parse(text, 7);
    expect(r.diagnostics.filter((d) => d.code === "postfix/syntax" && !d.detail)).toHaveLength(1);
  });

  it("generated main.cf text, also with lines Postfix refuses", () =>
    fc.assert(
      fc.property(mainCfText({ garbage: true, maxLines: 30 }), (text) => {
        expectSameInPieces(text);
      }),
      fcParams(150),
    ), budget(20_000, 150));

  const structural = fc.string({ unit: fc.constantFrom("\n", "\r", " ", "\t", "#", "=", "{", "}", ",", "a", "b", "\u000b", "\u00a0"), maxLength: 120 });
  it("text over the characters that decide main.cf's structure", () =>
    fc.assert(
      fc.property(structural, fc.boolean(), (text, bom) => {
        expectSameInPieces(text, bom);
      }),
      fcParams(300),
    ), budget(20_000, 300));
});
