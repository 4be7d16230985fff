/** main.cf text → AST with exact ranges, and syntax diagnostics. */
import type { MainCfCstNode } from "../../grammars/generated/postfix-main.cst.js";
import { parseMainCfFast, tokenizeMainCf, type MainCfLines, type ValueTokens } from "../../grammars/postfix-fast.js";
import { mainCfParser, parseMainCfTokens } from "../../grammars/postfix-main.parser.js";
import { mainCfLexer } from "../../grammars/postfix-main.tokens.js";
import { logicalText, nextEntryStart } from "../../grammars/postfix-lines.js";
import type { Diagnostic } from "../diagnostics.js";
import { Severity } from "../engine/severity.js";
import { postfixBomDiagnostic } from "./bom.js";
import type { MainCf, PostfixParameter, ValueElement } from "./postfix-nodes.js";
import type { Range, SourceFile } from "./range.js";

export interface ParseResult<T> {
  ast: T;
  diagnostics: Diagnostic[];
}

/**
 * Text per lexer and parser run. A large main.cf is read in pieces of whole
 * logical lines, so that the tokens and CST of one piece are garbage before
 * the next is read: kept alive for the whole file, they made every
 * scavenge copy more and the time per MB grow with the file.
 */
const CHUNK_CHARS = 64 * 1024;

/**
 * Each piece is lexed and parsed by the hand-written lexer and parser of
 * grammars/postfix-fast.ts, or, where they do not accept it (a syntax
 * error), by Chevrotain's, which give the same for what the former accept.
 * Tests only: `chunkChars` sets the size of the pieces (every size gives the
 * same result, the whole file read at once included: `Infinity`);
 * `grammarOnly` uses Chevrotain's for every piece.
 */
export function parseMainCf(source: SourceFile, options: { chunkChars?: number; grammarOnly?: boolean } = {}): ParseResult<MainCf> {
  const chunkChars = Math.max(1, options.chunkChars ?? CHUNK_CHARS);
  const fast = options.grammarOnly !== true;
  const text = source.text;
  const out: Output = { parameters: [], diagnostics: [], comments: [] };
  if (text.length > chunkChars) {
    let ok = true;
    for (let start = 0; ok && start < text.length; ) {
      const end = nextEntryStart(text, start + chunkChars);
      ok = parsePiece(source, start, end, out, false, fast);
      start = end;
    }
    // A piece with a syntax error: read the whole file at once, so that the parser's error recovery and messages are those of one run.
    if (!ok) {
      out.parameters = [];
      out.diagnostics = [];
      out.comments = [];
      parsePiece(source, 0, text.length, out, true, fast);
    }
  } else {
    parsePiece(source, 0, text.length, out, true, fast);
  }
  const { parameters, diagnostics, comments } = out;
  if (source.bom) {
    diagnostics.push(postfixBomDiagnostic(source, "main.cf", parameters[0]));
    // Postfix sets a name that starts with the mark instead: the parameter written there is not set.
    if (parameters[0]?.nameRange.start === 0) parameters.shift();
  }
  diagnostics.sort((x, y) => x.range.start - y.range.start);
  return { ast: { type: "MainCf", source, parameters, comments }, diagnostics };
}

interface Output {
  parameters: PostfixParameter[];
  diagnostics: Diagnostic[];
  comments: Range[];
}

/** The tokens the builder reads: offsets are relative to the piece. */
interface Token {
  image: string;
  startOffset: number;
}

/**
 * Lexes and parses `source.text` from `start` to `end` (whole logical lines)
 * into `out`, with the fast path first when `fast`. With `errorsAllowed`
 * false, returns false and adds nothing when the lexer or parser reports an
 * error.
 */
function parsePiece(source: SourceFile, start: number, end: number, out: Output, errorsAllowed: boolean, fast: boolean): boolean {
  const text = start === 0 && end === source.text.length ? source.text : source.text.slice(start, end);
  if (fast) {
    const lex = tokenizeMainCf(text);
    const lines = lex && parseMainCfFast(lex.tokens);
    if (lex && lines) {
      build(source, start, text, lines, lex.continuations, lex.comments, out);
      return true;
    }
  }
  const lex = mainCfLexer.tokenize(text);
  if (!errorsAllowed && lex.errors.length > 0) return false;
  const cst = parseMainCfTokens(lex.tokens) as MainCfCstNode;
  const parseErrors = mainCfParser().errors;
  if (!errorsAllowed && parseErrors.length > 0) return false;
  const diagnostics = out.diagnostics;
  for (const e of lex.errors) {
    diagnostics.push({
      code: "postfix/syntax",
      severity: Severity.Error,
      message: `unexpected character: ${e.message}`,
      range: source.range(start + e.offset, start + e.offset + e.length),
    });
  }
  for (const e of parseErrors) {
    diagnostics.push({ code: "postfix/syntax", severity: Severity.Error, message: e.message, range: tokenRange(source, start, e.token) });
  }
  const c = cst.children;
  const lines: MainCfLines<Token> = {
    parameters: (c.parameter ?? []).map((p) => ({ name: p.children.Name[0]!, equals: p.children.Equals?.[0], value: p.children.value[0]!.children })),
    nameless: (c.nameless ?? []).map((n) => ({ equals: n.children.Equals[0]!, value: n.children.value[0]!.children })),
    orphans: c.OrphanLine ?? [],
  };
  build(source, start, text, lines, lex.groups.continuations ?? [], lex.groups.comments ?? [], out);
  return true;
}

/** Adds the parameters, diagnostics and comments of a piece (`text`, at `start` in the file) to `out`, whichever parser read it. */
function build(source: SourceFile, start: number, text: string, lines: MainCfLines<Token>, continuations: Token[], comments: Token[], out: Output): void {
  const diagnostics = out.diagnostics;
  const b = new Builder(source, text, start, continuations, diagnostics);
  const parameters = out.parameters;
  for (const p of lines.parameters) {
    const param = b.parameter(p.name, p.equals, p.value);
    if (param) parameters.push(param);
  }
  for (const n of lines.nameless) {
    const eq = n.equals;
    diagnostics.push({
      code: "postfix/syntax",
      severity: Severity.Error,
      detail: "missing-name",
      message: `missing parameter name before "=": "${b.lineText(eq.startOffset, n.value)}"; Postfix refuses to read this file`,
      range: b.lineRange(eq.startOffset, n.value),
    });
  }
  for (const o of lines.orphans) {
    diagnostics.push({
      code: "postfix/syntax",
      severity: Severity.Warning,
      detail: "orphan-line",
      message: `line starts with whitespace but no parameter precedes it, so Postfix ignores it: "${o.image.split("\n")[0]!.trim()}"`,
      range: tokenRange(source, start, o),
    });
  }
  for (const t of comments) out.comments.push(tokenRange(source, start, t));
}

/**
 * The range of a token of a piece that starts at `base` (the lexer keeps
 * offsets only: a token ends after its image). A token inserted by error
 * recovery has no offset: an empty range at the start of the file.
 */
function tokenRange(source: SourceFile, base: number, token: Token): Range {
  if (Number.isNaN(token.startOffset)) return source.range(0, 0);
  const start = base + token.startOffset;
  return source.range(start, start + token.image.length);
}

/** Offset one past the last character of a token (relative to its piece). */
function tokenEnd(t: Token): number {
  return t.startOffset + t.image.length;
}

/** Builds the AST of one piece: offsets in tokens are relative to the piece (`text`), which starts at `base` in the file. */
class Builder {
  constructor(
    private readonly source: SourceFile,
    private readonly text: string,
    private readonly base: number,
    private readonly continuations: Token[],
    private readonly diagnostics: Diagnostic[],
  ) {}

  parameter(name: Token, equals: Token | undefined, value: ValueTokens<Token>): PostfixParameter | undefined {
    const base = this.base;
    if (!equals) {
      this.diagnostics.push({
        code: "postfix/syntax",
        severity: Severity.Error,
        detail: "missing-equals",
        message: `missing "=" after parameter name "${name.image}": "${this.lineText(name.startOffset, value)}"; Postfix refuses to read this file`,
        range: this.lineRange(name.startOffset, value),
      });
      return undefined;
    }
    const nameRange = tokenRange(this.source, base, name);
    const eqEnd = tokenEnd(equals);
    const last = lastEnd(value);
    const valueStart = last === undefined ? eqEnd : Math.min(firstStart(value.Word), firstStart(value.Comma), firstStart(value.Equals));
    const valueEnd = last ?? eqEnd;
    return {
      type: "PostfixParameter",
      name: name.image,
      value: logicalText(this.text, valueStart, valueEnd, this.continuations).trim(),
      elements: this.elements(value.Word, value.Equals),
      range: this.source.range(base + name.startOffset, base + valueEnd),
      nameRange,
      valueRange: this.source.range(base + valueStart, base + valueEnd),
    };
  }

  /** The words and "="s of a value (commas separate, they are not elements), in file order. */
  private elements(words: Token[] | undefined, equals: Token[] | undefined): ValueElement[] {
    const w = words ?? [];
    const e = equals ?? [];
    // Sized once: an array grown by push keeps room for 17 elements, most of it unused, for the whole lint.
    const elements = new Array<ValueElement>(w.length + e.length);
    let i = 0;
    let j = 0;
    for (let k = 0; k < elements.length; k++) {
      if (j >= e.length || (i < w.length && w[i]!.startOffset < e[j]!.startOffset)) elements[k] = this.element(w[i++]!);
      else elements[k] = this.element(e[j++]!);
    }
    return elements;
  }

  private element(t: Token): ValueElement {
    const start = t.startOffset;
    const end = tokenEnd(t);
    const text = logicalText(this.text, start, end, this.continuations);
    const braced = text.startsWith("{") && text.endsWith("}");
    return {
      type: "ValueElement",
      text,
      inner: braced ? text.slice(1, -1).trim() : text,
      braced,
      range: this.source.range(this.base + start, this.base + end),
    };
  }

  /** From `start` (relative to the piece) to the end of the value, or of the physical line for an empty value; at least one character. */
  private pieceLineRange(start: number, value: ValueTokens<Token>): { start: number; end: number } {
    const last = lastEnd(value);
    const lineEnd = this.text.indexOf("\n", start);
    const end = last ?? (lineEnd < 0 ? this.text.length : lineEnd);
    return { start, end: Math.max(end, start + 1) };
  }

  lineRange(start: number, value: ValueTokens<Token>): Range {
    const r = this.pieceLineRange(start, value);
    return this.source.range(this.base + r.start, this.base + r.end);
  }

  lineText(start: number, value: ValueTokens<Token>): string {
    const r = this.pieceLineRange(start, value);
    return logicalText(this.text, r.start, r.end, this.continuations);
  }
}

function firstStart(tokens: Token[] | undefined): number {
  return tokens?.[0]?.startOffset ?? Infinity;
}

/** End of the last token of a value, or undefined for an empty value. */
function lastEnd(value: ValueTokens<Token>): number | undefined {
  let end: number | undefined;
  for (const tokens of [value.Word, value.Comma, value.Equals]) {
    const t = tokens?.[tokens.length - 1];
    if (t && (end === undefined || tokenEnd(t) > end)) end = tokenEnd(t);
  }
  return end;
}
