/** main.cf text → AST with exact ranges, and syntax diagnostics. */
import type { IToken } from "chevrotain";
import type { MainCfCstNode, ValueCstNode } from "../../grammars/generated/postfix-main.cst.js";
import { mainCfParser, parseMainCfTokens } from "../../grammars/postfix-main.parser.js";
import { mainCfLexer } from "../../grammars/postfix-main.tokens.js";
import { logicalText } from "../../grammars/postfix-lines.js";
import type { Diagnostic } from "../diagnostics.js";
import { Severity } from "../engine/severity.js";
import { postfixBomDiagnostic } from "./bom.js";
import type { MainCf, PostfixParameter, ValueElement } from "./postfix-nodes.js";
import { tokenRange, type SourceFile } from "./range.js";

export interface ParseResult<T> {
  ast: T;
  diagnostics: Diagnostic[];
}

export function parseMainCf(source: SourceFile): ParseResult<MainCf> {
  const lex = mainCfLexer.tokenize(source.text);
  const diagnostics: Diagnostic[] = lex.errors.map((e) => ({
    code: "postfix/syntax",
    severity: Severity.Error,
    message: `unexpected character: ${e.message}`,
    range: source.range(e.offset, e.offset + e.length),
  }));
  const cst = parseMainCfTokens(lex.tokens) as MainCfCstNode;
  for (const e of mainCfParser().errors) {
    diagnostics.push({ code: "postfix/syntax", severity: Severity.Error, message: e.message, range: tokenRange(source.path, e.token) });
  }
  const continuations = lex.groups.continuations ?? [];
  const b = new Builder(source, continuations, diagnostics);
  const parameters: PostfixParameter[] = [];
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
      range: tokenRange(source.path, o),
    });
  }
  parameters.sort((x, y) => x.range.start - y.range.start);
  if (source.bom) {
    diagnostics.push(postfixBomDiagnostic(source, "main.cf", parameters[0]));
    // Postfix sets a name that starts with the mark instead: the parameter written there is not set.
    if (parameters[0]?.nameRange.start === 0) parameters.shift();
  }
  diagnostics.sort((x, y) => x.range.start - y.range.start);
  const comments = (lex.groups.comments ?? []).map((t) => tokenRange(source.path, t));
  return { ast: { type: "MainCf", source, parameters, comments }, diagnostics };
}

class Builder {
  constructor(
    private readonly source: SourceFile,
    private readonly continuations: IToken[],
    private readonly diagnostics: Diagnostic[],
  ) {}

  parameter(name: IToken, equals: IToken | undefined, value: ValueCstNode): PostfixParameter | undefined {
    const nameRange = tokenRange(this.source.path, name);
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
    const tokens = valueTokens(value);
    const eqEnd = equals.endOffset! + 1;
    const first = tokens[0];
    const last = tokens[tokens.length - 1];
    const valueStart = first ? first.startOffset : eqEnd;
    const valueEnd = last ? last.endOffset! + 1 : eqEnd;
    const elements: ValueElement[] = [];
    for (const t of tokens) {
      if (t.tokenType.name !== "Word" && t.tokenType.name !== "Equals") continue;
      elements.push(this.element(t));
    }
    return {
      type: "PostfixParameter",
      name: name.image,
      value: logicalText(this.source.text, valueStart, valueEnd, this.continuations).trim(),
      elements,
      range: this.source.range(name.startOffset, valueEnd),
      nameRange,
      valueRange: this.source.range(valueStart, valueEnd),
    };
  }

  element(t: IToken): ValueElement {
    const start = t.startOffset;
    const end = t.endOffset! + 1;
    const text = logicalText(this.source.text, start, end, this.continuations);
    const braced = text.startsWith("{") && text.endsWith("}");
    return { type: "ValueElement", text, inner: braced ? text.slice(1, -1).trim() : text, braced, range: this.source.range(start, end) };
  }

  lineRange(start: number, value: ValueCstNode) {
    const tokens = valueTokens(value);
    const last = tokens[tokens.length - 1];
    const lineEnd = this.source.text.indexOf("\n", start);
    const end = last ? last.endOffset! + 1 : lineEnd < 0 ? this.source.text.length : lineEnd;
    return this.source.range(start, Math.max(end, start + 1));
  }

  lineText(start: number, value: ValueCstNode): string {
    const r = this.lineRange(start, value);
    return logicalText(this.source.text, r.start, r.end, this.continuations);
  }
}

function valueTokens(value: ValueCstNode): IToken[] {
  const c = value.children;
  return [...(c.Word ?? []), ...(c.Comma ?? []), ...(c.Equals ?? [])].sort((a, b) => a.startOffset - b.startOffset);
}
