/** `mtalint rules [ID]`: the rule list, or one rule's page. */
import type { Command } from "commander";
import { findRuleDoc, ruleDocs } from "../docs/catalog.js";
import { renderRulePage } from "../docs/render.js";
import { didYouMean } from "../engine/config.js";
import { UsageError } from "../errors.js";

interface RulesFlags {
  format: string;
}

export function registerRules(program: Command): void {
  program
    .command("rules")
    .description("list the rules, or print one rule's documentation")
    .argument("[id]", "a rule id, e.g. postfix/duplicate-parameter")
    .option("-f, --format <format>", "text or json", "text")
    .action((id: string | undefined, flags: RulesFlags) => {
      if (flags.format !== "text" && flags.format !== "json") throw new UsageError(`--format must be text or json, not "${flags.format}"`);
      process.stdout.write(id === undefined ? listRules(flags.format) : showRule(id, flags.format));
    });
}

function listRules(format: "text" | "json"): string {
  const docs = ruleDocs();
  if (format === "json") {
    return `${JSON.stringify(
      docs.map((d) => ({ id: d.id, kind: d.kind, severity: d.severity, summary: d.summary, files: d.files, aliases: d.aliases })),
      null,
      2,
    )}\n`;
  }
  const width = (pick: (d: (typeof docs)[number]) => string) => Math.max(...docs.map((d) => pick(d).length));
  const idW = width((d) => d.id);
  const kindW = width((d) => d.kind);
  const sevW = width((d) => d.severity);
  return docs.map((d) => `${d.id.padEnd(idW)}  ${d.kind.padEnd(kindW)}  ${d.severity.padEnd(sevW)}  ${d.summary}\n`).join("");
}

function showRule(id: string, format: "text" | "json"): string {
  const doc = findRuleDoc(id);
  if (!doc) {
    const hint = didYouMean(id, ruleDocs().flatMap((d) => [d.id, ...d.aliases]));
    throw new UsageError(`unknown rule id "${id}"${hint ? ` (did you mean "${hint}"?)` : ""}; \`mtalint rules\` lists them`);
  }
  return format === "json" ? `${JSON.stringify(doc, null, 2)}\n` : renderRulePage(doc);
}
