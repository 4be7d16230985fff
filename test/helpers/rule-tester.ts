/**
 * Table-driven rule tests in the manner of ESLint's RuleTester: each case is
 * real config text; invalid cases list the exact findings (messageId and
 * 1-based line/column range), valid cases must produce none.
 */
import { describe, expect, it } from "vitest";
import { parseMainCf } from "../../src/ast/postfix-main.js";
import { parseMasterCf } from "../../src/ast/postfix-master.js";
import { SourceFile } from "../../src/ast/range.js";
import type { EximRule, Finding, PostfixRule, Rule } from "../../src/engine/rule.js";
import { runEximRules, runPostfixRules } from "../../src/engine/run.js";
import { defaultSettings, type LintSettings } from "../../src/engine/settings.js";
import { parseExim } from "../../src/exim/api.js";
import { buildPostfixConfig } from "../../src/model/postfix/config.js";

export const POSTFIX_DIR = "/virtual/postfix";
export const EXIM_FILE = "/etc/exim4/exim4.conf";

export interface ExpectedFinding {
  messageId: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** File name when the config has several files (main.cf, master.cf). */
  file?: string;
  /** Substring the message must contain. */
  message?: string;
  severity?: string;
}

export interface RuleCase {
  name: string;
  /** File name → text: "main.cf"/"master.cf" for Postfix, "exim.conf" for Exim. */
  files: Record<string, string>;
  settings?: Partial<LintSettings>;
}

export interface InvalidCase extends RuleCase {
  findings: ExpectedFinding[];
}

/** Lint in-memory files with one rule; returns its findings. */
export function lintWith(rule: Rule, files: Record<string, string>, settings?: Partial<LintSettings>): { findings: Finding[]; sources: Map<string, SourceFile> } {
  const s = { ...defaultSettings(), ...settings };
  const sources = new Map<string, SourceFile>();
  if (rule.meta.kind === "postfix") {
    const main = files["main.cf"] !== undefined ? new SourceFile(`${POSTFIX_DIR}/main.cf`, files["main.cf"]) : undefined;
    const master = files["master.cf"] !== undefined ? new SourceFile(`${POSTFIX_DIR}/master.cf`, files["master.cf"]) : undefined;
    const diagnostics = [];
    const m = main ? parseMainCf(main) : undefined;
    const n = master ? parseMasterCf(master) : undefined;
    if (m) diagnostics.push(...m.diagnostics);
    if (n) diagnostics.push(...n.diagnostics);
    for (const src of [main, master]) if (src) sources.set(src.path, src);
    const config = buildPostfixConfig(POSTFIX_DIR, m?.ast, n?.ast, diagnostics);
    return { findings: runPostfixRules(config, [rule as PostfixRule], s), sources };
  }
  const text = files["exim.conf"];
  if (text === undefined) throw new Error("Exim rule cases need an exim.conf file");
  const loaded = { ...parseExim(text, { path: EXIM_FILE }), path: EXIM_FILE };
  for (const f of loaded.files) sources.set(f.path, f);
  return { findings: runEximRules(loaded, [rule as EximRule<string, unknown>], s), sources };
}

function locate(f: Finding, sources: Map<string, SourceFile>) {
  const src = sources.get(f.range.file);
  if (!src) throw new Error(`finding points at a file that was not read: ${f.range.file}`);
  const lc = src.lineColumn(f.range);
  return { messageId: f.messageId, ...lc, file: f.range.file.split("/").pop()!, message: f.message, severity: f.severity as string };
}

export function ruleTester(rule: Rule, cases: { valid: RuleCase[]; invalid: InvalidCase[] }): void {
  const names = [...cases.valid, ...cases.invalid].map((c) => c.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new Error(`duplicate case name: ${dup}`);
  if (cases.valid.length === 0 || cases.invalid.length === 0) throw new Error(`${rule.meta.id}: needs at least one valid and one invalid case`);
  describe(rule.meta.id, () => {
    for (const c of cases.valid) {
      it(`valid: ${c.name}`, () => {
        const { findings, sources } = lintWith(rule, c.files, c.settings);
        expect(findings.map((f) => locate(f, sources))).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.name}`, () => {
        for (const e of c.findings) {
          if (!(e.messageId in rule.meta.messages)) throw new Error(`unknown messageId ${e.messageId}`);
        }
        const { findings, sources } = lintWith(rule, c.files, c.settings);
        expect(findings.every((f) => f.fix.description.length > 0)).toBe(true);
        const actual = findings.map((f) => locate(f, sources));
        const projected = actual.map((a, i) => {
          const e = c.findings[i];
          const out: Record<string, unknown> = { messageId: a.messageId, line: a.line, column: a.column, endLine: a.endLine, endColumn: a.endColumn };
          if (e?.file !== undefined) out.file = a.file;
          if (e?.message !== undefined) out.message = a.message.includes(e.message) ? e.message : a.message;
          if (e?.severity !== undefined) out.severity = a.severity;
          return out;
        });
        expect(projected).toEqual(c.findings);
      });
    }
  });
}
