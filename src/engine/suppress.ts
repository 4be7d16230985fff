/**
 * Disable comments, applied to findings after the rules ran:
 *
 *   # mtalint-disable-next-line RULE[, RULE]   the next logical config line
 *   # mtalint-disable RULE[, RULE]             from here to the end of the file
 *
 * Without RULE they cover every rule; text after " -- " is a reason and ignored.
 * Both MTAs treat a line whose first non-blank character is "#" as a comment
 * (postconf(5), Exim spec ch. 6 "Configuration file format"), so the
 * directives never change what the MTA reads.
 */
import type { SourceFile, Range } from "../ast/range.js";
import type { ConfigKind } from "../detect.js";
import { selectRules, summarize, type FileResult, type LintResult } from "../lint.js";
import { resolveRuleId, UNUSED_DISABLE_ID, unknownRuleMessage } from "./config.js";
import type { Finding } from "./rule.js";
import { sortFindings } from "./run.js";
import type { RuleDoc } from "../docs/render.js";
import { Severity } from "./severity.js";
import type { LintSettings } from "./settings.js";

export interface DirectiveRule {
  /** As written in the comment. */
  id: string;
  /** Canonical id (aliases resolved); undefined for an unknown id. */
  ruleId: string | undefined;
  range: Range;
}

export interface Directive {
  scope: "next-line" | "rest-of-file";
  /** The comment line, without its line break. */
  range: Range;
  /** Empty: every rule. */
  rules: DirectiveRule[];
  /** Offsets covered: the next logical line, or the rest of the file. Empty when no config line follows. */
  covers: { start: number; end: number };
}

const DIRECTIVE = /^([ \t]*#[ \t]*)mtalint-(disable-next-line|disable)(?=$|[ \t])(.*)$/;

function isBlankOrComment(line: string): boolean {
  return /^[ \t\r]*(#.*)?$/.test(line);
}

/**
 * Last physical line of the logical line that starts at `line`. Postfix continues a
 * line with leading whitespace (postconf(5)); Exim with a trailing backslash (spec ch. 6).
 */
function logicalLineEnd(source: SourceFile, kind: ConfigKind, line: number): number {
  const count = source.lineStarts.length;
  let last = line;
  if (kind === "postfix") {
    while (last + 1 <= count && /^[ \t]+\S/.test(source.lineText(last + 1)) && !isBlankOrComment(source.lineText(last + 1))) last++;
  } else {
    while (last + 1 <= count && /\\[ \t\r]*$/.test(source.lineText(last))) last++;
  }
  return last;
}

function lineEndOffset(source: SourceFile, line: number): number {
  return line < source.lineStarts.length ? source.lineStarts[line]! : source.text.length;
}

/** The disable comments of one file. */
export function parseDirectives(source: SourceFile, kind: ConfigKind): Directive[] {
  const out: Directive[] = [];
  // Most files have none: one search of the text instead of a slice and a match per line.
  if (!source.text.includes("mtalint-")) return out;
  const count = source.lineStarts.length;
  for (let line = 1; line <= count; line++) {
    const text = source.lineText(line);
    const m = DIRECTIVE.exec(text);
    if (!m) continue;
    const lineStart = source.offsetOfLine(line);
    const scope = m[2] === "disable" ? "rest-of-file" : "next-line";
    const listStart = m[1]!.length + "mtalint-".length + m[2]!.length;
    const list = m[3]!.replace(/(^|[ \t])--([ \t].*)?$/, "");
    const rules: DirectiveRule[] = [];
    for (const id of list.matchAll(/[^\s,]+/g)) {
      const start = lineStart + listStart + id.index;
      rules.push({ id: id[0], ruleId: resolveRuleId(id[0]), range: source.range(start, start + id[0].length) });
    }
    let covers = { start: lineEndOffset(source, line), end: source.text.length };
    if (scope === "next-line") {
      let target = line + 1;
      while (target <= count && isBlankOrComment(source.lineText(target))) target++;
      covers =
        target <= count
          ? { start: source.offsetOfLine(target), end: lineEndOffset(source, logicalLineEnd(source, kind, target)) }
          : { start: source.text.length, end: source.text.length };
    }
    out.push({ scope, range: source.range(lineStart, lineStart + text.replace(/\r$/, "").length), rules, covers });
  }
  return out;
}

export interface SuppressOptions {
  /** Report directives that suppressed nothing as mtalint/unused-disable findings. */
  reportUnused?: boolean;
  /** The settings the rules ran with: rules turned off there are not "unused" when silent. */
  settings?: LintSettings;
  /** The --rule selection the rules ran with, if any. */
  ruleIds?: string[];
}

/** Drop the findings that disable comments cover; optionally report the comments that covered nothing. */
export function applySuppressions(result: LintResult, options: SuppressOptions = {}): LintResult {
  const files = result.files.map((file) => suppressInFile(file, options));
  return { files, summary: summarize(files) };
}

function covered(d: Directive, f: Finding): boolean {
  return f.range.start >= d.covers.start && f.range.start < d.covers.end && d.covers.start < d.covers.end;
}

function suppressInFile(file: FileResult, options: SuppressOptions): FileResult {
  if (!file.source) return file;
  const directives = parseDirectives(file.source, file.kind);
  if (directives.length === 0) return file;
  const used = new Set<DirectiveRule | Directive>();
  const kept = file.findings.filter((f) => {
    let suppressed = false;
    for (const d of directives) {
      if (!covered(d, f)) continue;
      if (d.rules.length === 0) {
        used.add(d);
        suppressed = true;
      }
      for (const r of d.rules) {
        if (r.ruleId === f.ruleId) {
          used.add(r);
          suppressed = true;
        }
      }
    }
    return !suppressed;
  });
  const unusedSeverity = options.settings?.rules[UNUSED_DISABLE_ID] ?? Severity.Warning;
  if (!options.reportUnused || unusedSeverity === "off") return { ...file, findings: kept };
  const active = new Set(
    selectRules(file.kind, options.ruleIds)
      .filter((r) => options.settings?.rules[r.meta.id] !== "off")
      .map((r) => r.meta.id),
  );
  const unused: Finding[] = [];
  for (const d of directives) {
    unused.push(...unusedIn(d, file.source, used, active, unusedSeverity));
  }
  return { ...file, findings: sortFindings([...kept, ...unused]) };
}

function unusedIn(d: Directive, source: SourceFile, used: Set<DirectiveRule | Directive>, active: Set<string>, severity: Severity): Finding[] {
  const where = d.scope === "next-line" ? "on the next line" : "in the rest of the file";
  const deleteLine: Finding["fix"] = {
    description: "Delete this comment: it suppresses nothing.",
    edits: [{ range: source.range(d.range.start, lineEndOffset(source, source.positionAt(d.range.start).line)), text: "" }],
  };
  const finding = (range: Range, messageId: string, message: string, fix: Finding["fix"]): Finding => ({
    ruleId: UNUSED_DISABLE_ID,
    messageId,
    severity,
    message,
    range,
    fix,
  });
  if (d.rules.length === 0) {
    return used.has(d) ? [] : [finding(d.range, "unusedAll", `This disable comment suppresses no finding ${where}`, deleteLine)];
  }
  // A rule that did not run (turned off, or not in --rule) cannot prove its comment unused.
  const unused = d.rules.filter((r) => r.ruleId === undefined || (!used.has(r) && active.has(r.ruleId)));
  const everyIdUnused = unused.length === d.rules.length;
  return unused.map((r) =>
    r.ruleId === undefined
      ? finding(r.range, "unknownRule", `Disable comment names an ${unknownRuleMessage(r.id)}`, {
          description: everyIdUnused ? "Correct the rule id, or delete this comment." : `Correct the rule id, or remove "${r.id}" from this comment.`,
        })
      : finding(
          r.range,
          "unused",
          `${r.id} is disabled here but reports nothing ${where}`,
          everyIdUnused && d.rules.length === 1 ? deleteLine : { description: `Remove "${r.id}" from this comment.` },
        ),
  );
}

/** The page of mtalint/unused-disable (rendered like a rule's; there is no rule module behind it). */
export const unusedDisableDoc: RuleDoc = {
  id: UNUSED_DISABLE_ID,
  kind: "mtalint",
  files: [],
  severity: Severity.Warning,
  summary: "A mtalint-disable comment suppresses nothing (reported with --report-unused-disables)",
  aliases: [],
  docs: {
    why: "A disable comment that no longer covers a finding hides the next real problem on that line; an unknown rule id in one suppresses nothing at all.",
    bad: { "main.cf": "# mtalint-disable-next-line postfix/duplicate-parameter\nmyhostname = mx.example.org\n" },
    good: { "main.cf": "myhostname = mx.example.org\n" },
    fix: "Delete the comment, or remove the rule ids from it that report nothing on the line below; correct misspelt ids.",
    related: [],
    references: [
      { title: "postconf(5): the main.cf file format (lines starting with # are comments)", url: "https://www.postfix.org/postconf.5.html" },
      { title: "Exim specification: The Exim runtime configuration file — Configuration file format", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-the_exim_runtime_configuration_file.html#SECTconffilfor" },
    ],
  },
  source: "src/engine/suppress.ts",
};
