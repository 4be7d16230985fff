/** main.cf text → AST with exact ranges, and syntax diagnostics. */
import type { IToken } from "chevrotain";
import type { MainCfCstNode, ValueCstNode } from "../../grammars/generated/postfix-main.cst.js";
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
 * `chunkChars` (tests only) sets the size of the pieces; every size gives the
 * same result, the whole file read at once included (`Infinity`).
 */
export function parseMainCf(source: SourceFile, options: { chunkChars?: number } = {}): ParseResult<MainCf> {
  const chunkChars = Math.max(1, options.chunkChars ?? CHUNK_CHARS);
  const text = source.text;
  const out: Output = { parameters: [], diagnostics: [], comments: [] };
  if (text.length > chunkChars) {
    let ok = true;
    for (let start = 0; ok && start < text.length; ) {
      const end = nextEntryStart(text, start + chunkChars);
      ok = parsePiece(source, start, end, out, false);
      start = end;
    }
    // A piece with a syntax error: read the whole file at once, so that the parser's error recovery and messages are those of one run.
    if (!ok) {
      out.parameters = [];
      out.diagnostics = [];
      out.comments = [];
      parsePiece(source, 0, text.length, out, true);
    }
  } else {
    parsePiece(source, 0, text.length, out, true);
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

/**
 * Lexes and parses `source.text` from `start` to `end` (whole logical lines)
 * into `out`. With `errorsAllowed` false, returns false and adds nothing when
 * the lexer or parser reports an error.
 */
function parsePiece(source: SourceFile, start: number, end: number, out: Output, errorsAllowed: boolean): boolean {
  const text = start === 0 && end === source.text.length ? source.text : source.text.slice(start, end);
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
  const b = new Builder(source, text, start, lex.groups.continuations ?? [], diagnostics);
  const parameters = out.parameters;
  for (const p of cst.children.parameter ?? []) {
    const param = b.parameter(p.children.Name[0]!, p.children.Equals?.[0], p.children.value[0]!);
    if (param) parameters.push(param);
  }
  for (const n of cst.children.nameless ?? []) {
    const eq = n.children.Equals[0]!;
    diagnostics.push({
      code: "postfix/syntax",
      severity: Severity.Error,
      detail: "missing-name",
      message: `missing parameter name before "=": "${b.lineText(eq.startOffset, n.children.value[0]!)}"; Postfix refuses to read this file`,
      range: b.lineRange(eq.startOffset, n.children.value[0]!),
    });
  }
  for (const o of cst.children.OrphanLine ?? []) {
    diagnostics.push({
      code: "postfix/syntax",
      severity: Severity.Warning,
      detail: "orphan-line",
      message: `line starts with whitespace but no parameter precedes it, so Postfix ignores it: "${o.image.split("\n")[0]!.trim()}"`,
      range: tokenRange(source, start, o),
    });
  }
  for (const t of lex.groups.comments ?? []) out.comments.push(tokenRange(source, start, t));
  return true;
}

/**
 * The range of a token of a piece that starts at `base` (the lexer keeps
 * offsets only: a token ends after its image). A token inserted by error
 * recovery has no offset: an empty range at the start of the file.
 */
function tokenRange(source: SourceFile, base: number, token: IToken): Range {
  if (Number.isNaN(token.startOffset)) return source.range(0, 0);
  const start = base + token.startOffset;
  return source.range(start, start + token.image.length);
}

/** Offset one past the last character of a token (relative to its piece). */
function tokenEnd(t: IToken): number {
  return t.startOffset + t.image.length;
}

/** Builds the AST of one piece: offsets in tokens are relative to the piece (`text`), which starts at `base` in the file. */
class Builder {
  constructor(
    private readonly source: SourceFile,
    private readonly text: string,
    private readonly base: number,
    private readonly continuations: IToken[],
    private readonly diagnostics: Diagnostic[],
  ) {}

  parameter(name: IToken, equals: IToken | undefined, value: ValueCstNode): PostfixParameter | undefined {
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
    const c = value.children;
    const last = lastEnd(value);
    const valueStart = last === undefined ? eqEnd : Math.min(firstStart(c.Word), firstStart(c.Comma), firstStart(c.Equals));
    const valueEnd = last ?? eqEnd;
    return {
      type: "PostfixParameter",
      name: name.image,
      value: logicalText(this.text, valueStart, valueEnd, this.continuations).trim(),
      elements: this.elements(c.Word, c.Equals),
      range: this.source.range(base + name.startOffset, base + valueEnd),
      nameRange,
      valueRange: this.source.range(base + valueStart, base + valueEnd),
    };
  }

  /** The words and "="s of a value (commas separate, they are not elements), in file order. */
  private elements(words: IToken[] | undefined, equals: IToken[] | undefined): ValueElement[] {
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

  private element(t: IToken): ValueElement {
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
  private pieceLineRange(start: number, value: ValueCstNode): { start: number; end: number } {
    const last = lastEnd(value);
    const lineEnd = this.text.indexOf("\n", start);
    const end = last ?? (lineEnd < 0 ? this.text.length : lineEnd);
    return { start, end: Math.max(end, start + 1) };
  }

  lineRange(start: number, value: ValueCstNode): Range {
    const r = this.pieceLineRange(start, value);
    return this.source.range(this.base + r.start, this.base + r.end);
  }

  lineText(start: number, value: ValueCstNode): string {
    const r = this.pieceLineRange(start, value);
    return logicalText(this.text, r.start, r.end, this.continuations);
  }
}

function firstStart(tokens: IToken[] | undefined): number {
  return tokens?.[0]?.startOffset ?? Infinity;
}

/** End of the last token of a value, or undefined for an empty value. */
function lastEnd(value: ValueCstNode): number | undefined {
  const c = value.children;
  let end: number | undefined;
  for (const tokens of [c.Word, c.Comma, c.Equals]) {
    const t = tokens?.[tokens.length - 1];
    if (t && (end === undefined || tokenEnd(t) > end)) end = tokenEnd(t);
  }
  return end;
}
