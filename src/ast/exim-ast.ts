/**
 * Logical lines → Exim AST. Chooses the start rule by section, lexes and
 * parses each line on its own, and turns its tokens into AST nodes with
 * source ranges (through src/exim/preprocess.ts's character map).
 *
 * Most lines have one of a few shapes (`name = value`, `name:`, `verb
 * condition = value`, `begin section`); grammars/exim/fast-line.ts scans
 * them by hand and they are built here straight from their tokens. Any other
 * line — including every line with an error — is lexed and parsed by the
 * Chevrotain grammar, whose CST visitor calls the same builders, so both
 * paths give the same nodes (test/exim/fast-line.test.ts compares them).
 */
import type { IToken } from "chevrotain";
import { eximLexer } from "../../grammars/exim.tokens.js";
import { FastKind, scanEximLine, type FastToken } from "../../grammars/exim/fast-line.js";
import { eximParser, EximVisitorBase, parseEximLine, type EximStartRule } from "../../grammars/exim/parser.js";
import type { Diagnostic } from "../diagnostics.js";
import { Severity } from "../engine/severity.js";
import { mapRange, viaOf, type LogicalLine } from "../exim/preprocess.js";
import type {
  EximAcl,
  EximAclCondition,
  EximAclStatement,
  EximConfig,
  EximDriverInstance,
  EximDriverKind,
  EximListType,
  EximNamedList,
  EximOption,
  EximRuleLine,
} from "./exim-nodes.js";
import type { Range } from "./range.js";
import { splitRuleFields } from "../model/exim/rule-fields.js";
import { canonicalSection } from "../model/exim/sections.js";
import type {
  AclLineCstChildren,
  AclWordsCstChildren,
  BeginLineCstChildren,
  DriverLineCstChildren,
  InstanceHeaderCstChildren,
  MainLineCstChildren,
  NamedListCstChildren,
  NegatedConditionCstChildren,
  OptionSettingCstChildren,
  RuleLineCstChildren,
} from "../../grammars/exim/generated/exim.cst.js";
import aclData from "../model/data/exim-acl.json" with { type: "json" };

const DRIVER_KIND: Record<string, EximDriverKind> = { routers: "router", transports: "transport", authenticators: "authenticator" };
const ACL_VERBS = new Set<string>(aclData.verbs);

/** What the builders read of a token: Chevrotain's IToken and the fast scanner's FastToken both have it. */
type Tok = Pick<IToken, "image" | "startOffset">;

export function emptyEximConfig(): EximConfig {
  return {
    type: "EximConfig",
    mainOptions: [],
    namedLists: [],
    macros: [],
    includes: [],
    acls: [],
    routers: [],
    transports: [],
    authenticators: [],
    retryRules: [],
    rewriteRules: [],
    localScanOptions: [],
    sections: [],
  };
}

export interface EximAstOptions {
  /** Parse every line with the Chevrotain grammar, never the hand-written scanner (tests compare the two). */
  grammarOnly?: boolean;
}

/** Builds the AST of the logical lines; syntax problems become `exim/syntax` diagnostics. */
export function buildEximAst(
  lines: LogicalLine[],
  config: EximConfig = emptyEximConfig(),
  options: EximAstOptions = {},
): { ast: EximConfig; diagnostics: Diagnostic[] } {
  const builder = eximAstBuilder(config, options);
  for (const line of lines) builder.line(line);
  builder.end();
  return { ast: config, diagnostics: builder.diagnostics };
}

/**
 * The same, a line at a time (what the preprocessor's `onLine` feeds while it
 * reads); `end()` after the last line trims the arrays still being filled.
 */
export function eximAstBuilder(
  config: EximConfig,
  options: EximAstOptions = {},
): { line: (line: LogicalLine) => void; end: () => void; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const builder = new LineBuilder(config, diagnostics, options.grammarOnly === true);
  return { line: (line) => builder.line(line), end: () => builder.close(), diagnostics };
}

/** `no_x` / `not_x` → `x` (what /^(no|not)_(.+)$/ captures), else undefined. */
function unnegated(raw: string): string | undefined {
  if (raw.length > 3 && raw.startsWith("no_")) return raw.slice(3);
  if (raw.length > 4 && raw.startsWith("not_")) return raw.slice(4);
  return undefined;
}

/** The kind of t[i] among the first n tokens, -1 past them. */
function kindAt(t: FastToken[], n: number, i: number): number {
  return i < n ? t[i]!.kind : -1;
}

/** The grammar's optional assignment at t[i]: "=" Value?, and the index after it. */
function assignmentAt(t: FastToken[], n: number, i: number): { eq: FastToken | undefined; value: FastToken | undefined; end: number } {
  if (kindAt(t, n, i) !== FastKind.Equals) return { eq: undefined, value: undefined, end: i };
  const eq = t[i]!;
  return kindAt(t, n, i + 1) === FastKind.Value ? { eq, value: t[i + 1], end: i + 2 } : { eq, value: undefined, end: i + 1 };
}

class LineBuilder extends EximVisitorBase {
  section = "main";
  private acl: EximAcl | undefined;
  private driver: EximDriverInstance | undefined;
  private current!: LogicalLine;
  /** The include/macro chain of the current line (viaOf over the whole line), set per line. */
  private lineVia: string[] | undefined;
  /** The scanner's token objects, reused from line to line. */
  private readonly tokens: FastToken[] = [];

  constructor(
    private readonly config: EximConfig,
    private readonly diagnostics: Diagnostic[],
    private readonly grammarOnly: boolean,
  ) {
    // Chevrotain's check that every rule has a method runs when the first line goes through the grammar (EximVisitorBase).
    super();
  }

  private range(t: Tok): Range {
    return mapRange(this.current, t.startOffset, t.startOffset + t.image.length);
  }

  private span(a: Tok, b: Tok): Range {
    return mapRange(this.current, a.startOffset, b.startOffset + b.image.length);
  }

  /** The empty range just after a token (where a missing value would be). */
  private after(t: Tok): Range {
    const r = this.range(t);
    return { file: r.file, start: r.end, end: r.end };
  }

  /** Adds `via` (last, as the nodes have always had it) when the line came through an include or macro. */
  private withVia<T extends object>(node: T): T {
    if (this.lineVia) (node as { via?: string[] }).via = this.lineVia;
    return node;
  }

  private syntax(message: string, at?: Tok) {
    const l = this.current;
    const range = at && !Number.isNaN(at.startOffset) ? this.range(at) : mapRange(l, 0, l.text.length);
    this.diagnostics.push(this.withVia({ code: "exim/syntax", severity: Severity.Error, message, range }));
  }

  /**
   * The ACL statement and driver being filled are complete: their arrays are
   * copied to their exact size (an array grown by push from empty holds room
   * for 17 elements, most of a large AST's arrays hold 1-5).
   */
  close(): void {
    const statement = this.acl?.statements.at(-1);
    if (statement) statement.conditions = statement.conditions.slice();
    if (this.driver) this.driver.options = this.driver.options.slice();
  }

  line(line: LogicalLine): void {
    this.current = line;
    if (line.macroBreak) {
      this.close();
      this.acl = undefined;
      this.driver = undefined;
      return;
    }
    this.lineVia = viaOf(line, 0, line.text.length);
    if (!this.grammarOnly) {
      const n = scanEximLine(line.text, this.tokens);
      if (n >= 0 && this.fastLine(this.tokens, n)) return;
    }
    const lexed = eximLexer.tokenize(line.text);
    for (const e of lexed.errors) {
      this.diagnostics.push({ code: "exim/syntax", severity: Severity.Error, message: `unexpected character "${line.text[e.offset]}"`, range: mapRange(line, e.offset, e.offset + e.length) });
    }
    if (lexed.errors.length) return;
    const rule: EximStartRule =
      this.section === "main" ? "mainLine" : this.section === "acl" ? "aclLine" : DRIVER_KIND[this.section] ? "driverLine" : "ruleLine";
    const cst = parseEximLine(lexed.tokens, rule);
    const err = eximParser().errors[0];
    if (err) {
      this.syntax(describeError(this.section, line.text, err.token), err.token);
      return;
    }
    this.visit(cst);
  }

  /**
   * Builds a line the grammar accepts from the scanner's tokens t[0..n) (t
   * may hold stale tokens after them), choosing the alternative the grammar
   * chooses; false (nothing done) for any other token sequence, which the
   * grammar then parses or reports.
   */
  private fastLine(t: FastToken[], n: number): boolean {
    if (n === 0) return false;
    const t0 = t[0]!;
    if (n === 2 && t0.kind === FastKind.Begin && t[1]!.kind === FastKind.Name) {
      this.begin(t0, t[1]!);
      return true;
    }
    const section = this.section;
    if (section === "main" || DRIVER_KIND[section]) {
      if (section === "main" && t0.kind === FastKind.ListKind) {
        // namedList: ListKind Name "=" Value?
        if ((n === 3 || (n === 4 && t[3]!.kind === FastKind.Value)) && t[1]!.kind === FastKind.Name && t[2]!.kind === FastKind.Equals) {
          this.namedListOf(t0, t[1]!, t[2]!, n === 4 ? t[3] : undefined);
          return true;
        }
        return false;
      }
      if (section !== "main" && n === 2 && t0.kind === FastKind.Name && t[1]!.kind === FastKind.Colon) {
        this.header(t0, t[1]!);
        return true;
      }
      // optionSetting: "hide"? Name ("=" Value?)?
      let i = 0;
      const hide = t0.kind === FastKind.Hide ? t[i++] : undefined;
      if (kindAt(t, n, i) !== FastKind.Name) return false;
      const name = t[i++]!;
      const { eq, value, end } = assignmentAt(t, n, i);
      if (end !== n) return false;
      const opt = this.optionOf(hide, name, eq, value);
      if (section === "main") this.config.mainOptions.push(opt);
      else this.driverOption(opt);
      return true;
    }
    if (section === "acl") {
      if (n === 2 && t0.kind === FastKind.Name && t[1]!.kind === FastKind.Colon) {
        this.header(t0, t[1]!);
        return true;
      }
      const negated = t0.kind === FastKind.Bang;
      if (!negated && t0.kind !== FastKind.Name) return false;
      if (negated && kindAt(t, n, 1) !== FastKind.Name) return false;
      const name = negated ? t[1]! : t0;
      let i = negated ? 2 : 1;
      let bang: FastToken | undefined;
      let second: FastToken | undefined;
      let third: FastToken | undefined;
      if (negated) {
        // negatedCondition: "!" Name Name? assignment?
        if (kindAt(t, n, i) === FastKind.Name) second = t[i++];
      } else if (kindAt(t, n, i) === FastKind.Bang || kindAt(t, n, i) === FastKind.Name) {
        // aclWords: Name ("!"? Name Name?)? assignment?
        if (kindAt(t, n, i) === FastKind.Bang) bang = t[i++];
        if (kindAt(t, n, i) !== FastKind.Name) return false;
        second = t[i++];
        if (kindAt(t, n, i) === FastKind.Name) third = t[i++];
      }
      const { eq, value, end } = assignmentAt(t, n, i);
      if (end !== n) return false;
      if (negated) this.addCondition(t0, name, second, eq, value);
      else this.words(name, bang, second, third, eq, value);
      return true;
    }
    // ruleLine takes any tokens; only "begin name" (above) is more than the line's text.
    this.rule();
    return true;
  }

  mainLine(ctx: MainLineCstChildren): void {
    const sub = ctx.beginLine?.[0] ?? ctx.namedList?.[0];
    if (sub) return this.visit(sub);
    this.config.mainOptions.push(this.option(ctx.optionSetting![0]!.children));
  }

  beginLine(ctx: BeginLineCstChildren): void {
    this.begin(ctx.Begin[0]!, ctx.Name[0]!);
  }

  private begin(kw: Tok, name: Tok): void {
    const section = canonicalSection(name.image);
    if (!section) return this.syntax(`"${name.image}" is not a known configuration section name`, name);
    if (this.config.sections.some((s) => s.name === section)) return this.syntax(`"${section}" section is repeated in the configuration file`, name);
    if (section === "local_scan") this.syntax("local_scan() options not supported by this Exim build (LOCAL_SCAN_HAS_OPTIONS not defined)", name);
    this.section = section;
    this.close();
    this.acl = undefined;
    this.driver = undefined;
    this.config.sections.push(this.withVia({ type: "EximSection" as const, name: section, range: this.span(kw, name), nameRange: this.range(name) }));
  }

  namedList(ctx: NamedListCstChildren): void {
    this.namedListOf(ctx.ListKind[0]!, ctx.Name[0]!, ctx.Equals[0]!, ctx.Value?.[0]);
  }

  private namedListOf(kind: Tok, name: Tok, eq: Tok, value: Tok | undefined): void {
    const cache = kind.image.endsWith("_cache");
    const list: EximNamedList = {
      type: "EximNamedList",
      listType: (cache ? kind.image.slice(0, -"_cache".length) : kind.image) as EximListType,
      cache,
      name: name.image,
      value: value?.image ?? "",
      range: this.span(kind, value ?? eq),
      nameRange: this.range(name),
      valueRange: value ? this.range(value) : this.after(eq),
    };
    this.config.namedLists.push(this.withVia(list));
  }

  private option(c: OptionSettingCstChildren): EximOption {
    return this.optionOf(c.Hide?.[0], c.Name[0]!, c.Equals?.[0], c.Value?.[0]);
  }

  private optionOf(hide: Tok | undefined, name: Tok, eq: Tok | undefined, value: Tok | undefined): EximOption {
    const raw = name.image;
    const plain = unnegated(raw);
    const last = value ?? eq ?? name;
    const range = this.span(hide ?? name, last);
    const nameRange = this.range(name);
    // Keys in the order the nodes have always had: value before the ranges, valueRange after them.
    const opt: EximOption = eq
      ? {
          type: "EximOption",
          name: plain ?? raw,
          rawName: raw,
          negated: plain !== undefined,
          hidden: hide !== undefined,
          value: value?.image ?? "",
          range,
          nameRange,
          valueRange: value ? this.range(value) : this.after(eq),
        }
      : { type: "EximOption", name: plain ?? raw, rawName: raw, negated: plain !== undefined, hidden: hide !== undefined, range, nameRange };
    return this.withVia(opt);
  }

  aclLine(ctx: AclLineCstChildren): void {
    const sub = ctx.beginLine?.[0] ?? ctx.instanceHeader?.[0] ?? ctx.negatedCondition?.[0] ?? ctx.aclWords?.[0];
    if (sub) this.visit(sub);
  }

  instanceHeader(ctx: InstanceHeaderCstChildren): void {
    this.header(ctx.Name[0]!, ctx.Colon[0]!);
  }

  private header(name: Tok, colon: Tok): void {
    const nameRange = this.range(name);
    const range = this.span(name, colon);
    const via = this.lineVia;
    this.close();
    if (this.section === "acl") {
      this.acl = via
        ? { type: "EximAcl", name: name.image, nameRange, range, via, statements: [] }
        : { type: "EximAcl", name: name.image, nameRange, range, statements: [] };
      this.config.acls.push(this.acl);
      return;
    }
    const kind = DRIVER_KIND[this.section]!;
    this.driver = via
      ? { type: "EximDriverInstance", kind, name: name.image, nameRange, range, via, options: [] }
      : { type: "EximDriverInstance", kind, name: name.image, nameRange, range, options: [] };
    this.config[`${kind}s`].push(this.driver);
  }

  negatedCondition(ctx: NegatedConditionCstChildren): void {
    const assignment = ctx.assignment?.[0]?.children;
    this.addCondition(ctx.Bang[0], ctx.Name[0]!, ctx.Name[1], assignment?.Equals[0], assignment?.Value?.[0]);
  }

  aclWords(ctx: AclWordsCstChildren): void {
    const assignment = ctx.assignment?.[0]?.children;
    this.words(ctx.Name[0]!, ctx.Bang?.[0], ctx.Name[1], ctx.Name[2], assignment?.Equals[0], assignment?.Value?.[0]);
  }

  private words(first: Tok, bang: Tok | undefined, second: Tok | undefined, third: Tok | undefined, eq: Tok | undefined, value: Tok | undefined): void {
    // A line starts a statement only if its first word is a verb (acl.c); otherwise it is a condition or modifier.
    if (!ACL_VERBS.has(first.image) && this.acl?.statements.length) {
      if (bang || third) return this.syntax(`unexpected "${(bang ?? third)!.image}" after ACL condition "${first.image}"`, bang ?? third);
      return this.addCondition(undefined, first, second, eq, value);
    }
    if (!this.acl) return this.syntax(`ACL statement "${first.image}" before any ACL name ("name:")`, first);
    const statement: EximAclStatement = this.withVia({
      type: "EximAclStatement" as const,
      verb: first.image,
      verbRange: this.range(first),
      range: this.range(first),
      conditions: [] as EximAclCondition[],
    });
    const previous = this.acl.statements.at(-1);
    if (previous) previous.conditions = previous.conditions.slice();
    this.acl.statements.push(statement);
    if (second) this.addCondition(bang, second, third, eq, value);
    else if (eq) this.syntax(`"=" after the ACL verb "${first.image}"`, first);
  }

  private addCondition(bang: Tok | undefined, name: Tok, variable: Tok | undefined, eq: Tok | undefined, value: Tok | undefined): void {
    const statement = this.acl?.statements.at(-1);
    if (!statement) return this.syntax(`ACL condition "${name.image}" is not preceded by a verb`, name);
    const last = value ?? eq ?? variable ?? name;
    const negated = bang !== undefined;
    const range = this.span(bang ?? name, last);
    const nameRange = this.range(name);
    // One literal per shape (keys in the order the nodes have always had), so that V8 gives each its own compact layout.
    let cond: EximAclCondition;
    if (variable) {
      const variableRange = this.range(variable);
      cond = eq
        ? { type: "EximAclCondition", name: name.image, negated, variable: variable.image, variableRange, value: value?.image ?? "", range, nameRange, valueRange: value ? this.range(value) : this.after(eq) }
        : { type: "EximAclCondition", name: name.image, negated, variable: variable.image, variableRange, range, nameRange };
    } else {
      cond = eq
        ? { type: "EximAclCondition", name: name.image, negated, value: value?.image ?? "", range, nameRange, valueRange: value ? this.range(value) : this.after(eq) }
        : { type: "EximAclCondition", name: name.image, negated, range, nameRange };
    }
    statement.conditions.push(this.withVia(cond));
    // The statement's and the ACL's ranges grow in place: each is a range of its own (made in words() and
    // header() for that node alone), and nothing else holds it while the ACL is being built.
    if (cond.range.file === statement.range.file) statement.range.end = Math.max(statement.range.end, cond.range.end);
    const acl = this.acl!;
    if (statement.range.file === acl.range.file) acl.range.end = Math.max(acl.range.end, statement.range.end);
  }

  driverLine(ctx: DriverLineCstChildren): void {
    const sub = ctx.beginLine?.[0] ?? ctx.instanceHeader?.[0];
    if (sub) return this.visit(sub);
    this.driverOption(this.option(ctx.optionSetting![0]!.children));
  }

  private driverOption(opt: EximOption): void {
    if (!this.driver) return this.syntax(`option "${opt.rawName}" is not inside a ${DRIVER_KIND[this.section]} ("name:" missing)`);
    this.driver.options.push(opt);
    if (opt.name === "driver" && opt.value !== undefined) this.driver.driver = opt.value;
  }

  ruleLine(ctx: RuleLineCstChildren): void {
    const begin = ctx.beginLine?.[0];
    if (begin) return this.visit(begin);
    this.rule();
  }

  private rule(): void {
    const text = this.current.text;
    const fields = splitRuleFields(text).map((f) => ({ text: f.text, range: mapRange(this.current, f.start, f.end) }));
    if (this.section === "local_scan") {
      // local_scan options use the common option syntax; kept as a rule line would lose that.
      const m = /^(hide\s+)?([A-Za-z0-9_]+)\s*(?:=\s*(.*))?$/.exec(text);
      if (m) {
        const nameStart = (m[1] ?? "").length;
        const raw = m[2]!;
        const neg = /^(no|not)_(.+)$/.exec(raw);
        this.config.localScanOptions.push({
          type: "EximOption",
          name: neg ? neg[2]! : raw,
          rawName: raw,
          negated: neg !== null,
          hidden: m[1] !== undefined,
          ...(m[3] !== undefined ? { value: m[3] } : {}),
          range: mapRange(this.current, 0, text.length),
          nameRange: mapRange(this.current, nameStart, nameStart + raw.length),
        });
      }
      return;
    }
    const rule: EximRuleLine = {
      type: this.section === "retry" ? "EximRetryRule" : "EximRewriteRule",
      text,
      fields,
      range: mapRange(this.current, 0, text.length),
    };
    (this.section === "retry" ? this.config.retryRules : this.config.rewriteRules).push(this.withVia(rule));
  }

  // Sub-rules visited through their parents only.
  optionSetting(): void {}
  assignment(): void {}
}

function describeError(section: string, text: string, token: IToken): string {
  const what = Number.isNaN(token.startOffset) || token.tokenType.name === "EOF" ? "end of line" : `"${token.image}"`;
  if (section === "main" || DRIVER_KIND[section]) return `unexpected ${what} in option setting "${text}"`;
  if (section === "acl") return `unexpected ${what} in ACL line "${text}"`;
  return `unexpected ${what} in "${text}"`;
}
