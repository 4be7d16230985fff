/**
 * Logical lines → Exim AST. Chooses the start rule by section, lexes and
 * parses each line on its own, and turns CST nodes into AST nodes with
 * source ranges (through src/exim/preprocess.ts's character map).
 */
import type { IToken } from "chevrotain";
import { eximLexer } from "../../grammars/exim.tokens.js";
import { eximParser, EximVisitorBase, parseEximLine, type EximStartRule } from "../../grammars/exim/parser.js";
import type { Diagnostic } from "../diagnostics.js";
import { Severity } from "../engine/severity.js";
import { mapRange, viaOf, type LogicalLine } from "../exim/preprocess.js";
import type {
  EximAcl,
  EximAclCondition,
  EximConfig,
  EximDriverInstance,
  EximDriverKind,
  EximListType,
  EximOption,
  EximRuleLine,
} from "./exim-nodes.js";
import { splitRuleFields } from "../model/exim/rule-fields.js";
import { canonicalSection } from "../model/exim/sections.js";
import type {
  AclLineCstChildren,
  AclWordsCstChildren,
  AssignmentCstNode,
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

/** Builds the AST of the logical lines; syntax problems become `exim/syntax` diagnostics. */
export function buildEximAst(lines: LogicalLine[], config: EximConfig = emptyEximConfig()): { ast: EximConfig; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const builder = new LineBuilder(config, diagnostics);
  for (const line of lines) builder.line(line);
  return { ast: config, diagnostics };
}

class LineBuilder extends EximVisitorBase {
  section = "main";
  private acl: EximAcl | undefined;
  private driver: EximDriverInstance | undefined;
  private current!: LogicalLine;

  constructor(
    private readonly config: EximConfig,
    private readonly diagnostics: Diagnostic[],
  ) {
    super();
    this.validateVisitor();
  }

  private range(t: IToken) {
    return mapRange(this.current, t.startOffset, t.startOffset + t.image.length);
  }

  private span(a: IToken, b: IToken) {
    return mapRange(this.current, a.startOffset, b.startOffset + b.image.length);
  }

  private via(a: number, b: number) {
    const v = viaOf(this.current, a, b);
    return v ? { via: v } : {};
  }

  private syntax(message: string, at?: IToken) {
    const l = this.current;
    const range = at && !Number.isNaN(at.startOffset) ? this.range(at) : mapRange(l, 0, l.text.length);
    this.diagnostics.push({ code: "exim/syntax", severity: Severity.Error, message, range, ...this.via(0, l.text.length) });
  }

  line(line: LogicalLine): void {
    this.current = line;
    if (line.macroBreak) {
      this.acl = undefined;
      this.driver = undefined;
      return;
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

  mainLine(ctx: MainLineCstChildren): void {
    const sub = ctx.beginLine?.[0] ?? ctx.namedList?.[0];
    if (sub) return this.visit(sub);
    this.config.mainOptions.push(this.option(ctx.optionSetting![0]!.children));
  }

  beginLine(ctx: BeginLineCstChildren): void {
    const kw = ctx.Begin[0]!;
    const name = ctx.Name[0]!;
    const section = canonicalSection(name.image);
    if (!section) return this.syntax(`"${name.image}" is not a known configuration section name`, name);
    if (this.config.sections.some((s) => s.name === section)) return this.syntax(`"${section}" section is repeated in the configuration file`, name);
    if (section === "local_scan") this.syntax("local_scan() options not supported by this Exim build (LOCAL_SCAN_HAS_OPTIONS not defined)", name);
    this.section = section;
    this.acl = undefined;
    this.driver = undefined;
    this.config.sections.push({ type: "EximSection", name: section, range: this.span(kw, name), nameRange: this.range(name), ...this.via(0, this.current.text.length) });
  }

  namedList(ctx: NamedListCstChildren): void {
    const kind = ctx.ListKind[0]!;
    const name = ctx.Name[0]!;
    const eq = ctx.Equals[0]!;
    const value = ctx.Value?.[0];
    const cache = kind.image.endsWith("_cache");
    this.config.namedLists.push({
      type: "EximNamedList",
      listType: kind.image.replace(/_cache$/, "") as EximListType,
      cache,
      name: name.image,
      value: value?.image ?? "",
      range: this.span(kind, value ?? eq),
      nameRange: this.range(name),
      valueRange: value ? this.range(value) : { ...this.range(eq), start: this.range(eq).end },
      ...this.via(0, this.current.text.length),
    });
  }

  private option(c: OptionSettingCstChildren): EximOption {
    const hide = c.Hide?.[0];
    const name = c.Name[0]!;
    const eq = c.Equals?.[0];
    const value = c.Value?.[0];
    const raw = name.image;
    const m = /^(no|not)_(.+)$/.exec(raw);
    const last = value ?? eq ?? name;
    return {
      type: "EximOption",
      name: m ? m[2]! : raw,
      rawName: raw,
      negated: m !== null,
      hidden: hide !== undefined,
      ...(eq ? { value: value?.image ?? "" } : {}),
      range: this.span(hide ?? name, last),
      nameRange: this.range(name),
      ...(eq ? { valueRange: value ? this.range(value) : { ...this.range(eq), start: this.range(eq).end } } : {}),
      ...this.via(0, this.current.text.length),
    };
  }

  aclLine(ctx: AclLineCstChildren): void {
    const sub = ctx.beginLine?.[0] ?? ctx.instanceHeader?.[0] ?? ctx.negatedCondition?.[0] ?? ctx.aclWords?.[0];
    if (sub) this.visit(sub);
  }

  instanceHeader(ctx: InstanceHeaderCstChildren): void {
    const name = ctx.Name[0]!;
    const colon = ctx.Colon[0]!;
    const base = { name: name.image, nameRange: this.range(name), range: this.span(name, colon), ...this.via(0, this.current.text.length) };
    if (this.section === "acl") {
      this.acl = { type: "EximAcl", ...base, statements: [] };
      this.config.acls.push(this.acl);
      return;
    }
    const kind = DRIVER_KIND[this.section]!;
    this.driver = { type: "EximDriverInstance", kind, ...base, options: [] };
    this.config[`${kind}s`].push(this.driver);
  }

  negatedCondition(ctx: NegatedConditionCstChildren): void {
    this.addCondition(ctx.Bang[0], ctx.Name[0]!, ctx.Name[1], ctx.assignment?.[0]);
  }

  aclWords(ctx: AclWordsCstChildren): void {
    const [first, second, third] = [ctx.Name[0]!, ctx.Name[1], ctx.Name[2]];
    const bang = ctx.Bang?.[0];
    const assignment = ctx.assignment?.[0];
    // A line starts a statement only if its first word is a verb (acl.c); otherwise it is a condition or modifier.
    if (!aclData.verbs.includes(first.image) && this.acl?.statements.length) {
      if (bang || third) return this.syntax(`unexpected "${(bang ?? third)!.image}" after ACL condition "${first.image}"`, bang ?? third);
      return this.addCondition(undefined, first, second, assignment);
    }
    if (!this.acl) return this.syntax(`ACL statement "${first.image}" before any ACL name ("name:")`, first);
    const statement = {
      type: "EximAclStatement" as const,
      verb: first.image,
      verbRange: this.range(first),
      range: this.range(first),
      conditions: [] as EximAclCondition[],
      ...this.via(0, this.current.text.length),
    };
    this.acl.statements.push(statement);
    if (second) this.addCondition(bang, second, third, assignment);
    else if (assignment) this.syntax(`"=" after the ACL verb "${first.image}"`, first);
  }

  private addCondition(bang: IToken | undefined, name: IToken, variable: IToken | undefined, assignment: AssignmentCstNode | undefined): void {
    const statement = this.acl?.statements.at(-1);
    if (!statement) return this.syntax(`ACL condition "${name.image}" is not preceded by a verb`, name);
    const eq = assignment?.children.Equals[0];
    const value = assignment?.children.Value?.[0];
    const last = value ?? eq ?? variable ?? name;
    const cond: EximAclCondition = {
      type: "EximAclCondition",
      name: name.image,
      negated: bang !== undefined,
      ...(variable ? { variable: variable.image, variableRange: this.range(variable) } : {}),
      ...(eq ? { value: value?.image ?? "" } : {}),
      range: this.span(bang ?? name, last),
      nameRange: this.range(name),
      ...(eq ? { valueRange: value ? this.range(value) : { ...this.range(eq), start: this.range(eq).end } } : {}),
      ...this.via(0, this.current.text.length),
    };
    statement.conditions.push(cond);
    if (cond.range.file === statement.range.file) statement.range = { ...statement.range, end: Math.max(statement.range.end, cond.range.end) };
    const acl = this.acl!;
    if (statement.range.file === acl.range.file) acl.range = { ...acl.range, end: Math.max(acl.range.end, statement.range.end) };
  }

  driverLine(ctx: DriverLineCstChildren): void {
    const sub = ctx.beginLine?.[0] ?? ctx.instanceHeader?.[0];
    if (sub) return this.visit(sub);
    const opt = this.option(ctx.optionSetting![0]!.children);
    if (!this.driver) return this.syntax(`option "${opt.rawName}" is not inside a ${DRIVER_KIND[this.section]} ("name:" missing)`);
    this.driver.options.push(opt);
    if (opt.name === "driver" && opt.value !== undefined) this.driver.driver = opt.value;
  }

  ruleLine(ctx: RuleLineCstChildren): void {
    const begin = ctx.beginLine?.[0];
    if (begin) return this.visit(begin);
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
      ...this.via(0, text.length),
    };
    (this.section === "retry" ? this.config.retryRules : this.config.rewriteRules).push(rule);
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
