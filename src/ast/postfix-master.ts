/** master.cf text → AST: service entries with named fields and -o overrides, with exact ranges. */
import type { MasterCfCstNode } from "../../grammars/generated/postfix-master.cst.js";
import { parseMasterCfFast, tokenizeMasterCf } from "../../grammars/postfix-fast.js";
import { logicalText } from "../../grammars/postfix-lines.js";
import { masterCfParser, parseMasterCfTokens } from "../../grammars/postfix-master.parser.js";
import { masterCfLexer } from "../../grammars/postfix-master.tokens.js";
import type { Diagnostic } from "../diagnostics.js";
import { Severity } from "../engine/severity.js";
import { postfixBomDiagnostic } from "./bom.js";
import type { ParseResult } from "./postfix-main.js";
import type { MasterCf, MasterField, MasterOverride, MasterService } from "./postfix-nodes.js";
import { tokenRange, type Range, type SourceFile } from "./range.js";

/** service, type, private, unpriv, chroot, wakeup, maxproc, command (master(5)). */
const FIXED_FIELDS = 8;

/**
 * Fleets repeat master.cf: most hosts run the packaged file unchanged. The
 * parse of a text already seen is copied with the new file's path instead of
 * lexing and parsing it again (a copy allocates a tenth of a parse). The last
 * few distinct texts are kept; a file with a byte order mark is never shared
 * (its diagnostic names the file).
 */
const recent = new Map<string, ParseResult<MasterCf>>();
const RECENT_TEXTS = 8;
const MAX_SHARED_LENGTH = 256 * 1024;

/**
 * `grammarOnly` (tests only) lexes and parses with Chevrotain, never with the
 * fast path of grammars/postfix-fast.ts, and neither reads nor fills the
 * cache of recent texts.
 */
export function parseMasterCf(source: SourceFile, options: { grammarOnly?: boolean } = {}): ParseResult<MasterCf> {
  if (options.grammarOnly === true) return parseMasterCfText(source, false);
  const shareable = !source.bom && source.text.length <= MAX_SHARED_LENGTH;
  const seen = shareable ? recent.get(source.text) : undefined;
  if (seen) return seen.ast.source.path === source.path ? seen : rebase(seen, source);
  const result = parseMasterCfText(source, true);
  if (shareable && result.diagnostics.every((d) => d.via === undefined)) {
    if (recent.size >= RECENT_TEXTS) recent.delete(recent.keys().next().value!);
    recent.set(source.text, result);
  }
  return result;
}

/**
 * A copy of a parse result for another file with the same text: every range
 * names `to.path` and the AST's source is `to`. Written out per node type:
 * a generic deep copy allocated more than the parse it replaces.
 */
function rebase(result: ParseResult<MasterCf>, to: SourceFile): ParseResult<MasterCf> {
  const file = to.path;
  const r = (x: Range): Range => ({ file, start: x.start, end: x.end });
  const f = (x: MasterField): MasterField => ({ text: x.text, range: r(x.range) });
  const { ast } = result;
  return {
    ast: {
      type: "MasterCf",
      source: to,
      services: ast.services.map((s) => ({
        type: "MasterService",
        name: s.name,
        serviceType: s.serviceType,
        private: f(s.private),
        unpriv: f(s.unpriv),
        chroot: f(s.chroot),
        wakeup: f(s.wakeup),
        maxproc: f(s.maxproc),
        command: f(s.command),
        args: s.args.map(f),
        overrides: s.overrides.map((o) => ({ ...o, range: r(o.range), nameRange: r(o.nameRange), valueRange: r(o.valueRange) })),
        nameRange: r(s.nameRange),
        typeRange: r(s.typeRange),
        range: r(s.range),
      })),
      comments: ast.comments.map(r),
    },
    diagnostics: result.diagnostics.map((d) => ({ ...d, range: r(d.range) })),
  };
}

/** The tokens the builder reads (the master.cf lexer tracks end offsets: the last character's). */
interface Token {
  image: string;
  startOffset: number;
  endOffset?: number | undefined;
}

/** Lexes and parses with the fast path first when `fast`, or where it does not accept the text, with Chevrotain. */
function parseMasterCfText(source: SourceFile, fast: boolean): ParseResult<MasterCf> {
  if (fast) {
    const lex = tokenizeMasterCf(source.text);
    const lines = lex && parseMasterCfFast(lex.tokens);
    if (lex && lines) return build(source, lines.services, lex.continuations, lex.comments, []);
  }
  const lex = masterCfLexer.tokenize(source.text);
  const diagnostics: Diagnostic[] = lex.errors.map((e) => ({
    code: "postfix/syntax",
    severity: Severity.Error,
    message: `unexpected character: ${e.message}`,
    range: source.range(e.offset, e.offset + e.length),
  }));
  const cst = parseMasterCfTokens(lex.tokens) as MasterCfCstNode;
  for (const e of masterCfParser().errors) {
    diagnostics.push({ code: "postfix/syntax", severity: Severity.Error, message: e.message, range: tokenRange(source.path, e.token) });
  }
  const services = (cst.children.service ?? []).map((s) => s.children.Field);
  return build(source, services, lex.groups.continuations ?? [], lex.groups.comments ?? [], diagnostics);
}

/** The AST of master.cf from the fields of each service entry, whichever parser read them; `diagnostics` holds the parser's. */
function build(source: SourceFile, entries: Token[][], continuations: Token[], commentTokens: Token[], diagnostics: Diagnostic[]): ParseResult<MasterCf> {
  const field = (t: Token): MasterField => ({
    text: logicalText(source.text, t.startOffset, t.endOffset! + 1, continuations),
    range: tokenRange(source.path, t),
  });
  const services: MasterService[] = [];
  for (const entry of entries) {
    const fields = entry.map(field);
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
    diagnostics.push(...fieldValueErrors(fields));
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
      overrides: parseOverrides(source, name.text, args, diagnostics),
      nameRange: name.range,
      typeRange: type.range,
      range,
    });
  }
  if (source.bom) {
    diagnostics.push(postfixBomDiagnostic(source, "master.cf", services[0]));
    // Postfix reads the mark as part of the first name (postconf -M and -P print it there): the
    // entry defines another service than the one written, e.g. not smtp.
    const first = services[0];
    if (first?.nameRange.start === 0) first.name = `\uFEFF${first.name}`;
  }
  diagnostics.sort((x, y) => x.range.start - y.range.start);
  const comments = commentTokens.map((t) => tokenRange(source.path, t));
  return { ast: { type: "MasterCf", source, services, comments }, diagnostics };
}

const SERVICE_TYPES = new Set(["inet", "unix", "unix-dgram", "fifo", "pass"]);

/**
 * The column checks postconf makes before it prints anything (measured with
 * postconf 3.7: each fails with "invalid <column> field"): type is one of
 * the five transports; private, unprivileged and chroot are one of y, n, -;
 * wakeup is digits with an optional "?" suffix, or "-"; process_limit is
 * digits or "-". Braces are not stripped for these columns.
 */
function fieldValueErrors(fields: MasterField[]): Diagnostic[] {
  const [, type, priv, unpriv, chroot, wakeup, maxproc] = fields;
  const bad: [MasterField, string, string][] = [];
  if (!SERVICE_TYPES.has(type!.text)) bad.push([type!, "type", "inet, unix, unix-dgram, fifo or pass"]);
  for (const [f, name] of [[priv!, "private"], [unpriv!, "unprivileged"], [chroot!, "chroot"]] as const) {
    if (!/^[yn-]$/.test(f.text)) bad.push([f, name, 'y, n or "-"']);
  }
  if (!/^(?:-|\d*)\??$/.test(wakeup!.text)) {
    bad.push([wakeup!, "wakeup", 'a number of seconds (optionally followed by "?") or "-"']);
  }
  if (!/^(?:-|\d+)$/.test(maxproc!.text)) bad.push([maxproc!, "process_limit", 'a number or "-"']);
  if (bad.length === 0) return [];
  const entry = fields.map((f) => f.text).join(" ");
  return bad.map(([f, column, allowed]) => ({
    code: "postfix/syntax",
    severity: Severity.Error,
    detail: "field-value",
    message: `invalid ${column} field "${f.text}" in "${entry}": master(5) allows ${allowed} there; postconf and Postfix refuse this file`,
    range: f.range,
  }));
}

/** One command argument, or a piece of one, with where its text is. */
interface Arg {
  text: string;
  range: Range;
  /** How many leading characters of text sit at range.start + i (a continuation line inside breaks the mapping). */
  exactUpTo: number;
}

function piece(a: Arg, from: number, to = a.text.length): Arg {
  const exact = to <= a.exactUpTo;
  const range = exact ? { file: a.range.file, start: a.range.start + from, end: a.range.start + to } : a.range;
  return { text: a.text.slice(from, to), range, exactUpTo: Math.max(0, Math.min(a.exactUpTo, a.text.length) - from) };
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * The -o overrides, read as postconf reads them (postconf_master.c
 * pcf_normalize_daemon_args, postconf_user.c; measured with postconf 3.7):
 * options end at the first argument that does not start with "-" or at
 * "--", so an -o after a non-option argument (flags=..., user=..., or the
 * value of -t/-s) is not an override; "-vo x=y" is "-v -o x=y", and an
 * argument is split at its first "o" after the second character ("-omyhostname=a"
 * is "-omyh" and "-ostname=a"); "-oname=value" is "-o name=value";
 * "{ name = value }" loses its braces and the blanks around name and value;
 * name=value must be a name (no blanks, no "="), optional blanks, then "=".
 * Postfix silently ignores an -o that is not name=value: we keep that and warn.
 */
function parseOverrides(source: SourceFile, service: string, fields: MasterField[], diagnostics: Diagnostic[]): MasterOverride[] {
  const out: MasterOverride[] = [];
  const args: Arg[] = fields.map((f) => ({ text: f.text, range: f.range, exactUpTo: commonPrefix(f.text, source.text.slice(f.range.start, f.range.end)) }));
  for (let i = 0; i < args.length; i++) {
    let a = args[i]!;
    if (!a.text.startsWith("-") || a.text === "--") break;
    const split = a.text.indexOf("o", 2);
    if (split >= 2) {
      const rest = piece(a, split);
      args.splice(i + 1, 0, { ...rest, text: `-${rest.text}`, exactUpTo: 0 });
      a = args[i] = piece(a, 0, split);
    }
    if (a.text[1] !== "o") continue;
    let value: Arg;
    if (a.text.length > 2) value = piece(a, 2);
    else if (i + 1 < args.length) value = args[++i]!;
    else {
      diagnostics.push(ignoredOverride(service, a.range, "-o at the end of the entry has no name=value"));
      continue;
    }
    const braced = value.text.startsWith("{");
    const body = braced ? unbrace(value) : value;
    const nv = splitNameValue(body.text);
    if (!nv) {
      diagnostics.push(ignoredOverride(service, { ...value.range, start: Math.min(a.range.start, value.range.start) }, `"-o ${value.text}" is not name=value`));
      continue;
    }
    const name = piece(body, nv.nameStart, nv.nameStart + nv.name.length);
    const val = piece(body, nv.valueStart, nv.valueStart + nv.value.length);
    out.push({
      type: "MasterOverride",
      name: nv.name,
      value: nv.value,
      braced,
      range: { file: value.range.file, start: Math.min(a.range.start, value.range.start), end: value.range.end },
      nameRange: name.range,
      valueRange: val.range,
    });
  }
  return out;
}

/** "{ text }" → text without the braces and surrounding blanks (extpar with EXTPAR_FLAG_STRIP; text after the closing brace is dropped). */
function unbrace(a: Arg): Arg {
  let depth = 0;
  let close = -1;
  for (let i = 0; i < a.text.length; i++) {
    if (a.text[i] === "{") depth++;
    else if (a.text[i] === "}" && --depth === 0) {
      close = i;
      break;
    }
  }
  const inner = piece(a, 1, close < 0 ? a.text.length : close);
  const lead = inner.text.length - inner.text.trimStart().length;
  return piece(inner, lead, inner.text.trimEnd().length);
}

/** split_nameval(): name up to a blank or "=", optional blanks, "=", then the value without surrounding blanks (blanks: C isspace). */
function splitNameValue(text: string): { name: string; nameStart: number; value: string; valueStart: number } | undefined {
  const m = /^([ \t\n\v\f\r]*)([^ \t\n\v\f\r=]+)([ \t\n\v\f\r]*=[ \t\n\v\f\r]*)(.*?)[ \t\n\v\f\r]*$/s.exec(text);
  if (!m) return undefined;
  const nameStart = m[1]!.length;
  return { name: m[2]!, nameStart, value: m[4]!, valueStart: nameStart + m[2]!.length + m[3]!.length };
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
