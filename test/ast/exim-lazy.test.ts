/**
 * Parsing Exim configurations whose every line the hand scanner builds
 * (grammars/exim/fast-line.ts) reads nothing of Chevrotain: no token types,
 * no lexer, no parser, no visitor base (so that a bundle loads Chevrotain
 * on first use). A line that goes through the grammar builds them, and the
 * visitor is then checked and used as before. This file runs in a fresh
 * module context (vitest isolates test files), so nothing else built them.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { chevrotainReads as read } from "../helpers/chevrotain-reads.js";
import { buildEximAst, emptyEximConfig } from "../../src/ast/exim-ast.js";
import { SourceFile } from "../../src/ast/range.js";
import { preprocessExim, type LogicalLine } from "../../src/exim/preprocess.js";
import { eximBuiltinMacros } from "../../src/model/exim/options.js";
import { repoRoot } from "../helpers/postfix-dirs.js";

// Chevrotain's exports read by the modules this file imports (see the helper).
vi.mock("chevrotain", async (importActual) => (await import("../helpers/chevrotain-reads.js")).recordingReads(await importActual()));

function build(path: string, text: string, grammarOnly: boolean): string {
  const lines: LogicalLine[] = [];
  preprocessExim([new SourceFile(path, text)], { root: "/virtual", builtinMacros: eximBuiltinMacros, readFile: () => new SourceFile(path, ""), onLine: (l) => lines.push(l) });
  return JSON.stringify(buildEximAst(lines, emptyEximConfig(), { grammarOnly }));
}

const samples = ["auth-denied", "cpanel-style", "open-relay"].map((s) => join(repoRoot, "samples/exim", s, "exim.conf"));

describe("Chevrotain is used for Exim lines only where the hand scanner does not build them", () => {
  it("parsing the single-file Exim samples reads nothing of Chevrotain", () => {
    for (const f of samples) build(f, readFileSync(f, "utf8"), false);
    expect([...read]).toEqual([]);
  });

  it("through the grammar, the parser and the visitor base are built on first use and give the same AST", () => {
    const f = samples[0]!;
    const text = readFileSync(f, "utf8");
    const fast = build(f, text, false);
    expect(build(f, text, true)).toBe(fast);
    expect(read).toContain("CstParser");
  });
});
