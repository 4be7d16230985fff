/** master.cf text → AST: service entries with named fields and -o overrides, with exact ranges. */
import type { IToken } from "chevrotain";
import type { MasterCfCstNode } from "../../grammars/generated/postfix-master.cst.js";
import { logicalText } from "../../grammars/postfix-lines.js";
import { masterCfParser, parseMasterCfTokens } from "../../grammars/postfix-master.parser.js";
import { masterCfLexer } from "../../grammars/postfix-master.tokens.js";
import type { Diagnostic } from "../diagnostics.js";
import { Severity } from "../engine/severity.js";
import type { ParseResult } from "./postfix-main.js";
import type { MasterCf, MasterField, MasterOverride, MasterService } from "./postfix-nodes.js";
import { tokenRange, type Range, type SourceFile } from "./range.js";

/** service, type, private, unpriv, chroot, wakeup, maxproc, command (master(5)). */
const FIXED_FIELDS = 8;

export function parseMasterCf(source: SourceFile): ParseResult<MasterCf> {
  const lex = masterCfLexer.tokenize(source.text);
  const diagnostics: Diagnostic[] = lex.errors.map((e) => ({
    code: "postfix/syntax",
    severity: Severity.Error,
    message: `unexpected character: ${e.message}`,
    range: source.range(e.offset, e.offset + e.length),
  }));
  const cst = parseMasterCfTokens(lex.tokens) as MasterCfCstNode;
  for (const e of masterCfParser.errors) {
    diagnostics.push({ code: "postfix/syntax", severity: Severity.Error, message: e.message, range: tokenRange(source.path, e.token) });
  }
  const continuations = lex.groups.continuations ?? [];
  const field = (t: IToken): MasterField => ({
    text: logicalText(source.text, t.startOffset, t.endOffset! + 1, continuations),
    range: tokenRange(source.path, t),
  });
  const services: MasterService[] = [];
  for (const s of cst.children.service ?? []) {
    const fields = s.children.Field.map(field);
    const first = fields[0]!;
    const last = fields[fields.length - 1]!;
    const range: Range = { file: source.path, start: first.range.start, end: last.range.end };
    if (fields.length < FIXED_FIELDS) {
      diagnostics.push({
        code: "postfix/syntax",
        severity: Severity.Error,
        detail: "field-count",
        message: `service "${first.text}" has ${fields.length} field${fields.length === 1 ? "" : "s"}, master.cf needs at least 8 (service type private unpriv chroot wakeup maxproc command); Postfix refuses to start`,
        range,
      });
      continue;
    }
    const [name, type, priv, unpriv, chroot, wakeup, maxproc, command] = fields as [
      MasterField, MasterField, MasterField, MasterField, MasterField, MasterField, MasterField, MasterField,
    ];
    const args = fields.slice(FIXED_FIELDS);
    services.push({
      type: "MasterService",
      name: name.text,
      serviceType: type.text,
      private: priv,
      unpriv,
      chroot,
      wakeup,
      maxproc,
      command,
      args,
      overrides: parseOverrides(name.text, args, diagnostics),
      nameRange: name.range,
      typeRange: type.range,
      range,
    });
  }
  diagnostics.sort((x, y) => x.range.start - y.range.start);
  const comments = (lex.groups.comments ?? []).map((t) => tokenRange(source.path, t));
  return { ast: { type: "MasterCf", source, services, comments }, diagnostics };
}

/**
 * `-o name=value`, `-oname=value` and `-o { name = value }`. Postfix
 * silently ignores an -o without a name or "=": we keep that and warn.
 */
function parseOverrides(service: string, args: MasterField[], diagnostics: Diagnostic[]): MasterOverride[] {
  const out: MasterOverride[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    let arg: MasterField | undefined;
    let argOffset = 0;
    if (a.text === "-o") {
      arg = args[++i];
    } else if (a.text.startsWith("-o")) {
      arg = a;
      argOffset = 2;
    } else {
      continue;
    }
    if (!arg) {
      diagnostics.push(ignoredOverride(service, a.range, "-o at the end of the entry has no name=value"));
      continue;
    }
    const raw = arg.text.slice(argOffset);
    const braced = raw.startsWith("{") && raw.endsWith("}");
    const body = braced ? raw.slice(1, -1) : raw;
    const bodyStart = arg.range.start + argOffset + (braced ? 1 : 0);
    const eq = body.indexOf("=");
    const name = eq < 0 ? "" : body.slice(0, eq).trim();
    if (eq < 0 || name === "") {
      diagnostics.push(ignoredOverride(service, { ...arg.range, start: a.range.start }, `"-o ${raw}" is not name=value`));
      continue;
    }
    const value = body.slice(eq + 1).trim();
    // Offsets inside the field are exact when the field has no continuation inside; otherwise they point at the field.
    const sameLength = arg.range.end - arg.range.start === arg.text.length;
    const nameStart = bodyStart + body.indexOf(name);
    const valueStart = bodyStart + eq + 1 + (body.slice(eq + 1).length - body.slice(eq + 1).trimStart().length);
    out.push({
      type: "MasterOverride",
      name,
      value,
      braced,
      range: { file: arg.range.file, start: a.range.start, end: arg.range.end },
      nameRange: sameLength ? { file: arg.range.file, start: nameStart, end: nameStart + name.length } : arg.range,
      valueRange: sameLength ? { file: arg.range.file, start: valueStart, end: valueStart + value.length } : arg.range,
    });
  }
  return out;
}

function ignoredOverride(service: string, range: Range, why: string): Diagnostic {
  return {
    code: "postfix/syntax",
    severity: Severity.Warning,
    detail: "bad-override",
    message: `service "${service}": ${why}; Postfix silently ignores it`,
    range,
  };
}
