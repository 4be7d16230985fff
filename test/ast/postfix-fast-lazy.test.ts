/**
 * Linting Postfix configurations that the fast path reads
 * (grammars/postfix-fast.ts) builds no Chevrotain lexer or parser, and the
 * Postfix grammar modules do not even read an export of Chevrotain until
 * they need it (so that a bundle can load Chevrotain on first use). This
 * file runs in a fresh module context (vitest isolates test files), so
 * nothing else built them.
 */
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { chevrotainReads as read } from "../helpers/chevrotain-reads.js";
import { mainCfParserBuilt } from "../../grammars/postfix-main.parser.js";
import { mainCfLexerBuilt, mainCfTokenTypesMade } from "../../grammars/postfix-main.tokens.js";
import { masterCfParserBuilt } from "../../grammars/postfix-master.parser.js";
import { masterCfLexerBuilt, masterCfTokenTypesMade } from "../../grammars/postfix-master.tokens.js";
import { parseMainCf } from "../../src/ast/postfix-main.js";
import { parseMasterCf } from "../../src/ast/postfix-master.js";
import { SourceFile } from "../../src/ast/range.js";
import { filesUnder } from "../helpers/files.js";
import { repoRoot } from "../helpers/postfix-dirs.js";

// Chevrotain's exports read by the modules this file imports (see the helper).
vi.mock("chevrotain", async (importActual) => (await import("../helpers/chevrotain-reads.js")).recordingReads(await importActual()));

const built = () => ({
  mainTokens: mainCfTokenTypesMade(),
  mainLexer: mainCfLexerBuilt(),
  mainParser: mainCfParserBuilt(),
  masterTokens: masterCfTokenTypesMade(),
  masterLexer: masterCfLexerBuilt(),
  masterParser: masterCfParserBuilt(),
});

describe("Chevrotain is used for Postfix files only where the fast path does not accept them", () => {
  it("parsing the Postfix samples reads nothing of Chevrotain and builds no lexer or parser", () => {
    const files = filesUnder(join(repoRoot, "samples/postfix"));
    const mains = files.filter((f) => basename(f) === "main.cf");
    const masters = files.filter((f) => basename(f) === "master.cf");
    expect(mains.length).toBeGreaterThan(5);
    expect(masters.length).toBeGreaterThan(5);
    for (const f of mains) parseMainCf(new SourceFile(f, readFileSync(f, "utf8")));
    for (const f of masters) parseMasterCf(new SourceFile(f, readFileSync(f, "utf8")));
    expect(built()).toEqual({ mainTokens: false, mainLexer: false, mainParser: false, masterTokens: false, masterLexer: false, masterParser: false });
    expect([...read]).toEqual([]);
  });

  it("a main.cf syntax error builds the main.cf lexer and parser (to report it), and nothing else", () => {
    parseMainCf(new SourceFile("/etc/postfix/main.cf", "a = 1\n\u000bx = 1\n"));
    expect(built()).toEqual({ mainTokens: true, mainLexer: true, mainParser: true, masterTokens: false, masterLexer: false, masterParser: false });
    expect(read).toContain("CstParser");
    parseMasterCf(new SourceFile("/etc/postfix/master.cf", "smtp inet n - y - - smtpd\n"), { grammarOnly: true });
    expect(built()).toEqual({ mainTokens: true, mainLexer: true, mainParser: true, masterTokens: true, masterLexer: true, masterParser: true });
  });
});
