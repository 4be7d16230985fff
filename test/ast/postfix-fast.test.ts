/**
 * The hand-written main.cf and master.cf lexers and parsers
 * (grammars/postfix-fast.ts) against the Chevrotain lexers and grammars they
 * stand in for: the same tokens (and token groups) wherever the Chevrotain
 * lexer succeeds, and the same AST, diagnostics and ranges for whole files,
 * also read in pieces, whether the fast path reads them or falls back to the
 * grammar (which it must do for input the grammar reports an error in).
 */
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ILexingResult } from "chevrotain";
import { parseMainCfFast, parseMasterCfFast, tokenizeMainCf, tokenizeMasterCf, type FastLex, type FastToken } from "../../grammars/postfix-fast.js";
import { mainCfLexer } from "../../grammars/postfix-main.tokens.js";
import { masterCfLexer } from "../../grammars/postfix-master.tokens.js";
import { parseMainCf } from "../../src/ast/postfix-main.js";
import { parseMasterCf } from "../../src/ast/postfix-master.js";
import { SourceFile } from "../../src/ast/range.js";
import { mainCfText, masterCfText } from "../fuzz/postfix-arbitraries.js";
import { budget, fcParams } from "../fuzz/settings.js";
import { filesUnder } from "../helpers/files.js";
import { corpusRoot, repoRoot } from "../helpers/postfix-dirs.js";

type Tok = { image: string; startOffset: number; endOffset?: number | undefined };
const row = (kind: string, t: Tok, withEnd: boolean) => (withEnd ? [kind, t.image, t.startOffset, t.endOffset] : [kind, t.image, t.startOffset]);

/**
 * Both lexers' view of a text: tokens, continuations and comments (type, image, offset, and for
 * master.cf, whose tokens carry them, end offset), or "error".
 */
function lexBoth(
  text: string,
  fastLex: (text: string) => FastLex<FastToken<string>> | undefined,
  lexer: { tokenize(text: string): ILexingResult },
  withEnd: boolean,
): { fast: unknown; chevrotain: unknown } {
  const fast = fastLex(text);
  const lexed = lexer.tokenize(text);
  return {
    fast: fast
      ? {
          tokens: fast.tokens.map((t) => row(t.kind, t, withEnd)),
          continuations: fast.continuations.map((t) => row(t.kind, t, withEnd)),
          comments: fast.comments.map((t) => row(t.kind, t, withEnd)),
        }
      : "error",
    chevrotain:
      lexed.errors.length > 0
        ? "error"
        : {
            tokens: lexed.tokens.map((t) => row(t.tokenType.name, t, withEnd)),
            continuations: (lexed.groups.continuations ?? []).map((t) => row(t.tokenType.name, t, withEnd)),
            comments: (lexed.groups.comments ?? []).map((t) => row(t.tokenType.name, t, withEnd)),
          },
  };
}

const mainLexBoth = (text: string) => lexBoth(text, tokenizeMainCf, mainCfLexer, false);
const masterLexBoth = (text: string) => lexBoth(text, tokenizeMasterCf, masterCfLexer, true);

/** Whether parseMainCf reads `text` (as one piece) on the fast path. */
function mainFast(text: string): boolean {
  const lex = tokenizeMainCf(text);
  return lex !== undefined && parseMainCfFast(lex.tokens) !== undefined;
}

function mainResult(source: SourceFile, options: { chunkChars?: number; grammarOnly?: boolean }) {
  const r = parseMainCf(source, options);
  return { parameters: r.ast.parameters, comments: r.ast.comments, diagnostics: r.diagnostics };
}

/** The fast path (whole and in pieces) gives what the grammar gives for the whole text, BOM or not. */
function expectSameMain(text: string, sizes: number[] = [Infinity, 1, 7, 40]): void {
  for (const bom of [false, true]) {
    const source = new SourceFile("/etc/postfix/main.cf", text, { bom });
    const grammar = mainResult(source, { chunkChars: Infinity, grammarOnly: true });
    for (const size of sizes) expect(mainResult(source, { chunkChars: size }), `pieces of ${size}, bom ${bom}`).toStrictEqual(grammar);
  }
}

let masterFile = 0;
/** The fast path gives what the grammar gives for master.cf (a fresh path each time: a parse, not a copy of a recent one). */
function expectSameMaster(text: string): void {
  for (const bom of [false, true]) {
    const path = `/hosts/h${masterFile++}/master.cf`;
    const fast = parseMasterCf(new SourceFile(path, text, { bom }));
    const grammar = parseMasterCf(new SourceFile(path, text, { bom }), { grammarOnly: true });
    expect(fast.diagnostics, `bom ${bom}`).toStrictEqual(grammar.diagnostics);
    expect({ ...fast.ast, source: fast.ast.source.path }, `bom ${bom}`).toStrictEqual({ ...grammar.ast, source: grammar.ast.source.path });
  }
}

const named = (name: string) => (f: string) => basename(f) === name;
const dirs = [join(repoRoot, "samples"), join(repoRoot, "test/fixtures"), join(corpusRoot, "postfix")];
const mainFiles = dirs.flatMap((d) => filesUnder(d).filter(named("main.cf")));
const masterFiles = dirs.flatMap((d) => filesUnder(d).filter(named("master.cf")));

/** Hand-written texts for what the line structure and the grammars decide. */
const CASES: [string, string][] = [
  ["empty", ""],
  ["parameters and spacing", "a=1\nb   =   2\nc\t=\t3\t\n"],
  ["an empty value, = in a value, == and = =", "relayhost =\nx = a=b\ny ==\nz = = q\nw=,=,\n"],
  ["no = and no name", "name_without_equals\nname words only\n= value\n=\n= =\n=,\n"],
  ["comments, also indented, and # in a value", "# c\n   # d\n\t#\nz = 3 # not a comment\n#"],
  ["continuations with comment and blank lines between", "mynetworks = 127.0.0.0/8\n  # trusted\n\n   \n  192.0.2.0/24,\n\t  b\n"],
  ["CRLF, mixed line ends, lone CR", "a = 1\r\nb = x,\r\n  y\r\n\r\nc = 1\n  \r\n\r  d\re = 2\r"],
  ["orphan lines before the first parameter", "  orphan = 1\n\n# c\n  more\r\n\tand more\nfirst = 1\n  continued\n"],
  ["an orphan line at the end of the file", "   x"],
  ["{ } groups across continuation lines, unbalanced braces", "m = { inet:a:1,\n  # c\n    b=c }, unix:/x\nn = }{ {\nq = { a\nr = 1\n  }\n"],
  ["commas", "a = ,,, x ,y,\n  ,z\n"],
  ["a line starting with a vertical tab or form feed (a syntax error)", "a = 1\n\u000bx = 1\n\fy\nb = 2\n"],
  ["a value word at the start of a line after a comment-only file", "#\n\u000b\n"],
  ["NUL, Latin-1, no-break space, BOM inside", "a\u0000b = c\u0000\n\u00e9t\u00e9 = caf\u00e9\n\u00a0x = y\u00a0z\n\ufeffq = 1\n"],
  ["final line without a line break", "a = 1\nb = 2,\n  3"],
  ["only blank lines", "\n\n  \n\t\r\n"],
  ["a master.cf", "smtp inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n  -o { a = b, c }\n# x\npickup unix n - y 60 1 pickup\n"],
  ["a short master.cf entry and a group field", "smtp inet n\n{ a b } c\n  {\n  }\n"],
];

describe("the fast lexers give the Chevrotain lexers' tokens", () => {
  it.each(CASES)("%s", (_name, text) => {
    for (const t of [text, text.replace(/\n/g, "\r\n")]) {
      const m = mainLexBoth(t);
      expect(m.fast).toEqual(m.chevrotain);
      const s = masterLexBoth(t);
      expect(s.fast).toEqual(s.chevrotain);
    }
  });

  it("every main.cf and master.cf of the samples, fixtures and shared corpus", () => {
    expect(mainFiles.length).toBeGreaterThan(10);
    expect(masterFiles.length).toBeGreaterThan(5);
    for (const f of [...mainFiles, ...masterFiles]) {
      for (const enc of ["utf8", "latin1"] as const) {
        const text = readFileSync(f, enc);
        const m = mainLexBoth(text);
        expect(m.fast, `${f} as main.cf`).toEqual(m.chevrotain);
        const s = masterLexBoth(text);
        expect(s.fast, `${f} as master.cf`).toEqual(s.chevrotain);
      }
    }
  });
});

/** Units of arbitrary text: what decides the line structure and the grammars, and characters that should not. */
const unit = fc.constantFrom(
  "\n", "\n", "\r\n", "\r", " ", " ", "\t", "#", "=", "=", ",", "{", "}", "a", "b", "name", "x_y", "$v", "\u000b", "\f", "\u0000", "\u00e9", "\u00a0", "\ufeff",
);
const structural = fc.string({ unit, maxLength: 80 });

/** Texts built of whole lines of every kind: parameters, continuations, comments, blank, nameless and orphan lines. */
const lineText = fc
  .tuple(
    fc.array(
      fc.oneof(
        fc.tuple(fc.constantFrom("a", "myhostname", "x_y", "\u00e9", "a\u0000", "\ufeffb", ""), fc.constantFrom("", " ", "\t"), fc.constantFrom("=", "", " =", "=="), fc.array(fc.constantFrom(" v", ",w", " , ", "{ g, h }", " {", "}", "=x", " # c", " \u00a0"), { maxLength: 4 }))
          .map(([n, b, e, v]) => `${n}${b}${e}${v.join("")}`),
        fc.constantFrom("  cont", "\tcont, x", " \t{ y }", "  # indented comment", "# comment", "#", "", " ", "\t \r", "= nameless", "=", "\u000bvt", "\f", "  =", ", x"),
      ),
      { maxLength: 12 },
    ),
    fc.constantFrom("\n", "\r\n", "\n", "\r"),
    fc.boolean(),
  )
  .map(([lines, eol, final]) => lines.join(eol) + (final ? eol : ""));

const texts = fc.oneof(structural, lineText, mainCfText({ garbage: true, maxLines: 15 }), masterCfText(true));

describe("generated text", () => {
  it("the same tokens from both lexers", () =>
    fc.assert(
      fc.property(texts, (text) => {
        const m = mainLexBoth(text);
        expect(m.fast).toEqual(m.chevrotain);
        const s = masterLexBoth(text);
        expect(s.fast).toEqual(s.chevrotain);
      }),
      fcParams(3000),
    ), budget(20_000, 3000));

  it("the same AST and diagnostics, whole and in pieces; some take the fallback", () => {
    let fast = 0;
    let fallback = 0;
    fc.assert(
      fc.property(texts, (text) => {
        if (mainFast(text)) fast++;
        else fallback++;
        expectSameMain(text);
        expectSameMaster(text);
      }),
      fcParams(1000),
    );
    expect(fast).toBeGreaterThan(50);
    expect(fallback).toBeGreaterThan(5);
  }, budget(30_000, 1000));
});

describe("the same AST and diagnostics from the fast path and the grammar", () => {
  it.each(CASES)("%s", (_name, text) => {
    expectSameMain(text);
    expectSameMaster(text);
  });

  it("every main.cf and master.cf of the samples, fixtures and shared corpus", () => {
    for (const f of mainFiles) expectSameMain(readFileSync(f, "utf8"), [Infinity, 300]);
    for (const f of masterFiles) expectSameMaster(readFileSync(f, "utf8"));
  });

  it("the samples and corpus all take the fast path", () => {
    const real = mainFiles.filter((f) => !f.includes("/test/fixtures/"));
    expect(real.length).toBeGreaterThan(5);
    for (const f of real) expect(mainFast(readFileSync(f, "utf8")), f).toBe(true);
    for (const f of masterFiles) {
      const lex = tokenizeMasterCf(readFileSync(f, "utf8"));
      expect(lex && parseMasterCfFast(lex.tokens), f).toBeDefined();
    }
  });

  it("a main.cf over 64 KB, read in pieces, with and without a syntax error in the middle", () => {
    const lines = ["myhostname = mx.example.org"];
    for (let i = 0; i < 2500; i++) lines.push(`# customer${i}`, `customer${i} = check_client_access hash:/etc/postfix/access/customer${i},`, `    check_sender_access hash:/etc/postfix/senders/customer${i}, permit`);
    const text = `${lines.join("\n")}\n`;
    expect(text.length).toBeGreaterThan(3 * 64 * 1024);
    expect(mainFast(text)).toBe(true);
    const broken = `${text}\u000bx = 1\n${text}`;
    expect(mainFast(broken)).toBe(false);
    for (const t of [text, broken]) {
      const source = new SourceFile("/etc/postfix/main.cf", t);
      expect(mainResult(source, {})).toStrictEqual(mainResult(source, { chunkChars: Infinity, grammarOnly: true }));
    }
  });

  it("a syntax error falls back to the grammar's recovery and message", () => {
    const text = "a = 1\n\u000bx = 1\nb = 2\n";
    expect(mainFast(text)).toBe(false);
    const r = parseMainCf(new SourceFile("/etc/postfix/main.cf", text));
    expect(r.ast.parameters.map((p) => p.name)).toEqual(["a", "b"]);
    // Chevrotain's recovery: the unexpected word is reported, and its "=" read as a line of its own.
    expect(r.diagnostics.map((d) => [d.code, d.detail, d.range.start])).toEqual([
      ["postfix/syntax", undefined, 6],
      ["postfix/syntax", "missing-name", 9],
    ]);
    expectSameMain(text);
  });
});
