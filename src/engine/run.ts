/** Run rules over a loaded configuration and collect findings. */
import type { PostfixConfig } from "../model/postfix/config.js";
import { formatMessage, type EximRule, type Finding, type PostfixRule, type ReportDescriptor, type Rule } from "./rule.js";
import type { LintSettings } from "./settings.js";

function severityFor(rule: Rule, settings: LintSettings) {
  const ids = [rule.meta.id, ...(rule.meta.aliases ?? [])];
  for (const id of ids) {
    const s = settings.rules[id];
    if (s !== undefined) return s;
  }
  return rule.meta.severity;
}

function collector(rule: Rule, settings: LintSettings, findings: Finding[]) {
  const configured = severityFor(rule, settings);
  return (d: ReportDescriptor<string>) => {
    if (configured === "off") return;
    const template = (rule.meta.messages as Record<string, string>)[d.messageId];
    if (template === undefined) throw new Error(`rule ${rule.meta.id} reported unknown messageId "${d.messageId}"`);
    const finding: Finding = {
      ruleId: rule.meta.id,
      messageId: d.messageId,
      // A rule may raise or lower one finding's severity; a configured severity wins over both.
      severity: settings.rules[rule.meta.id] !== undefined ? configured : (d.severity ?? configured),
      message: formatMessage(template, d.data),
      range: d.range,
      fix: d.fix,
    };
    if (d.via) finding.via = d.via;
    findings.push(finding);
  };
}

export function runPostfixRules(config: PostfixConfig, rules: readonly PostfixRule[], settings: LintSettings): Finding[] {
  return runRules(rules, settings, (rule, report) => rule.check({ kind: "postfix", config, settings, report }));
}

export function runEximRules<C>(config: C, rules: readonly EximRule<string, C>[], settings: LintSettings): Finding[] {
  return runRules(rules, settings, (rule, report) => rule.check({ kind: "exim", config, settings, report }));
}

/** Each rule that is not turned off, with a report function that applies the configured severity; findings sorted. */
function runRules<R extends Rule>(rules: readonly R[], settings: LintSettings, check: (rule: R, report: (d: ReportDescriptor<string>) => void) => void): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    if (severityFor(rule, settings) === "off") continue;
    check(rule, collector(rule, settings, findings));
  }
  return sortFindings(findings);
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) => (a.range.file < b.range.file ? -1 : a.range.file > b.range.file ? 1 : 0) || a.range.start - b.range.start || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
}
