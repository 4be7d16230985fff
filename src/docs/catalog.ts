/** Every documented check: the registered rules plus the engine's own mtalint/* findings. */
import { rules as allRules } from "../../rules/index.js";
import type { Rule } from "../engine/rule.js";
import { unusedDisableDoc } from "../engine/suppress.js";
import type { RuleDoc } from "./render.js";

export function ruleDoc(rule: Rule): RuleDoc {
  return {
    id: rule.meta.id,
    kind: rule.meta.kind,
    files: rule.meta.files,
    severity: rule.meta.severity,
    summary: rule.meta.summary,
    aliases: rule.meta.aliases ?? [],
    docs: rule.docs,
    source: `rules/${rule.meta.id}.ts`,
  };
}

/** Sorted by id. */
export function ruleDocs(): RuleDoc[] {
  return [...Object.values(allRules).map(ruleDoc), unusedDisableDoc].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The page for an id or alias. */
export function findRuleDoc(id: string): RuleDoc | undefined {
  return ruleDocs().find((d) => d.id === id || d.aliases.includes(id));
}
