/**
 * The hand-written line scanner (grammars/exim/fast-line.ts) against the
 * Chevrotain lexer and grammar it stands in for: the same tokens where the
 * lexer succeeds, nothing where it reports an error, and the same AST and
 * diagnostics for whole configurations whichever path builds each line.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { FastKind, scanEximLine, type FastToken } from "../../grammars/exim/fast-line.js";
import { eximLexer } from "../../grammars/exim.tokens.js";
import { buildEximAst, emptyEximConfig } from "../../src/ast/exim-ast.js";
import { SourceFile } from "../../src/ast/range.js";
import { preprocessExim, type LogicalLine } from "../../src/exim/preprocess.js";
import { eximBuiltinMacros } from "../../src/model/exim/options.js";
import { eximText } from "../fuzz/exim-arbitraries.js";
import { fcParams } from "../fuzz/settings.js";
import { filesUnder } from "../helpers/files.js";
import { corpusDir, repoRoot } from "./helpers.js";

const KIND_NAME = Object.fromEntries(Object.entries(FastKind).map(([name, kind]) => [kind, name]));

const reused: FastToken[] = [];

/** Both lexers' view of a line: the tokens (type, image, offset), or "error". */
function lexBoth(text: string): { fast: unknown; chevrotain: unknown } {
  // A reused token array, as the AST builder passes it: stale tokens after the count must not matter.
  const n = scanEximLine(text, reused);
  const lexed = eximLexer.tokenize(text);
  return {
    fast: n >= 0 ? reused.slice(0, n).map((t) => [KIND_NAME[t.kind], t.image, t.startOffset]) : "error",
    chevrotain: lexed.errors.length ? "error" : lexed.tokens.map((t) => [t.tokenType.name, t.image, t.startOffset]),
  };
}

const configFiles = [...filesUnder(join(repoRoot, "samples/exim")), ...filesUnder(join(repoRoot, "test/fixtures/exim")), ...filesUnder(corpusDir)];

/** The AST and diagnostics of a configuration text, built with or without the fast path. */
function build(text: string, grammarOnly: boolean): string {
  const lines: LogicalLine[] = [];
  preprocessExim([new SourceFile("/virtual/exim.conf", text)], {
    root: "/virtual",
    builtinMacros: eximBuiltinMacros,
    readFile: (p) => new SourceFile(p, "included_option = 1\n"),
    onLine: (line) => lines.push(line),
  });
  return JSON.stringify(buildEximAst(lines, emptyEximConfig(), { grammarOnly }));
}

describe("the scanner gives the Chevrotain lexer's tokens", () => {
  const cases = [
    "hide tls_privatekey = /etc/k",
    "domainlist_cache local_domains = @ : localhost",
    "domainlist_cach x = y",
    "hostlist_cachex x = y",
    "localpartlist x=",
    "begin acl",
    "beginning = 1",
    "begin",
    "hidebegin",
    "deny !hosts = +relay : ${if eq{a}{b}}",
    "warn set acl_m_x = y = z",
    "*@example.org  *  F,2h,15m",
    "acl_check_rcpt:",
    "a::b!!c",
    "x =\t\v\f\r value \u00a0 kept",
    "x = \u00a0value",
    "x \u00a0= y",
    "x\ny",
    "x = a\nb",
    "\u00e9t\u00e9 = \u2028",
    "caf\u00e9 = 1",
    "a\u0000b = c",
    "\ud800 lone surrogate",
    "x =",
    "x =   ",
    "!",
    "=",
    "= value",
    "\u3000",
    "a\ufeffb",
  ];
  test.each(cases)("%j", (text) => {
    const r = lexBoth(text);
    expect(r.fast).toEqual(r.chevrotain);
  });

  test("every line of the samples and the corpus", () => {
    let n = 0;
    for (const file of configFiles) {
      for (const raw of readFileSync(file, "latin1").split("\n")) {
        const text = raw.trim();
        if (!text) continue;
        const r = lexBoth(text);
        expect(r.fast, `${file}: ${text}`).toEqual(r.chevrotain);
        n++;
      }
    }
    expect(n).toBeGreaterThan(500);
  });

  test("arbitrary strings over the characters that matter, and any Unicode", () => {
    const unit = fc.constantFrom(" ", "\t", "\r", "\n", "\v", "\f", "=", ":", "!", "a", "Z", "_", "0", "#", "$", "{", "-", "begin", "hide", "hostlist", "_cache", "\u00a0", "\u2028", "\u00e9", "\ufeff", "\u0000");
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit, maxLength: 40 }), fc.string({ unit: "binary", maxLength: 40 })), (text) => {
        const r = lexBoth(text);
        expect(r.fast).toEqual(r.chevrotain);
      }),
      fcParams(2000),
    );
  });
});

describe("the AST is the same whether a line takes the fast path or the grammar", () => {
  test("the samples, fixtures and corpus files", () => {
    expect(configFiles.length).toBeGreaterThan(10);
    for (const file of configFiles) {
      const text = readFileSync(file, "latin1");
      expect(build(text, false), file).toBe(build(text, true));
    }
  });

  const SECTIONS = ["begin acl", "begin routers", "begin transports", "begin authenticators", "begin retry", "begin rewrite", "begin local_scan", "begin nonsense"];
  const LINES = [
    "acl_check_rcpt:", "accept", "deny message = no", "deny !hosts = x", "!hosts = y", "!verify recipient", "set acl_m_x = 1", "warn set acl_m_x", "deny hosts",
    "hosts = : ", "require domains = +local_domains", "r:", "r: x", "driver = smtp", "hide driver = x", "no_verify", "not_verify = 1", "hide", "hide x y",
    "domainlist d = a", "domainlist d =", "hostlist_cache h = *", "domainlist", "domainlist d", "x = y", "x y = z", "x : y", "x = \u00a0y", "\u00e9 = 1",
    "*  *  F,2h,15m", "*@a  b@c  Ffrs", "begin", "begin acl x", "MAC = 1", "MAC", "a = MAC", "x:", "x:y", "!", "= v", "accept = 1", "deny ! hosts = x",
    "accept hosts = a b", "deny a b c", "deny a b c d", "a b c", "a ! b", "deny a ! b c = 1", "a \\", "  b", ".ifdef MAC", ".endif", "# c", "",
  ];
  test("generated configurations: every line shape in every section", () => {
    const block = fc.array(fc.constantFrom(...LINES), { minLength: 1, maxLength: 15 });
    fc.assert(
      fc.property(block, fc.shuffledSubarray(SECTIONS), fc.array(block, { minLength: SECTIONS.length, maxLength: SECTIONS.length }), (main, sections, blocks) => {
        const text = [...main, ...sections.flatMap((s, i) => [s, "x:", ...blocks[i]!])].join("\n");
        expect(build(text, false)).toBe(build(text, true));
      }),
      fcParams(300),
    );
  });

  test("configurations from the fuzzers' generator", () => {
    fc.assert(
      fc.property(eximText(), (text) => {
        expect(build(text, false)).toBe(build(text, true));
      }),
      fcParams(150),
    );
  });
});
