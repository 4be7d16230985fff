/**
 * The Markdown diff report, for a pull-request comment: sections as lists,
 * the relay matrix as a table with regressions in bold, the unified diff
 * folded in <details>.
 */
import { displayPath } from "../../format/location.js";
import type { ChangeAction, ChangeSection, DiffReport, RelayDeltaRow, SemanticChange } from "../types.js";
import { bothSides, fileLine, SECTION_TITLES, summaryLine } from "./location.js";

export interface MarkdownFormatOptions {
  cwd: string;
}


const ACTION_WORD: Record<ChangeAction, string> = { added: "added", removed: "removed", changed: "changed", inserted: "inserted", moved: "moved" };

/** Backticks and pipes would break inline code and tables. */
function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\|/g, "\\|")}\``;
}

function escape(text: string): string {
  return text.replace(/([\\`*_[\]<>|])/g, "\\$1");
}

function item(report: DiffReport, c: SemanticChange, cwd: string): string {
  const where = bothSides(report, c.beforeRange, c.afterRange, cwd);
  return `- **${ACTION_WORD[c.action]}** ${escape(c.message)}${where ? ` (${code(where)})` : ""}${c.note ? `  \n  _${escape(c.note)}_` : ""}`;
}

function cell(r: RelayDeltaRow, side: "before" | "after"): string {
  const v = r[side];
  return v.code ? `${v.verdict} ${v.code}` : v.verdict;
}

export function formatDiffMarkdown(report: DiffReport, o: MarkdownFormatOptions): string {
  const out: string[] = [
    `### mtalint diff (${report.kind}): ${code(displayPath(report.before.path, o.cwd))} → ${code(displayPath(report.after.path, o.cwd))}`,
    "",
    `${report.regressions > 0 ? "❌" : report.semanticDifference ? "⚠️" : "✅"} **${summaryLine(report)}**`,
  ];
  if (report.before.version || report.after.version) out.push("", `Postfix ${report.before.version ?? "(knowledge base)"} → ${report.after.version ?? "(knowledge base)"}`);
  for (const n of report.notes) out.push("", `> ${escape(n)}`);
  if (report.ignored.length) out.push("", `Ignored: ${report.ignored.map(code).join(", ")}`);
  for (const section of Object.keys(SECTION_TITLES) as ChangeSection[]) {
    const list = report.changes.filter((c) => c.effective && c.section === section);
    if (!list.length) continue;
    out.push("", `#### ${SECTION_TITLES[section]}`, "", ...list.map((c) => item(report, c, o.cwd)));
  }
  const textual = report.changes.filter((c) => !c.effective);
  if (textual.length) out.push("", "#### Changed text, same effect", "", ...textual.map((c) => item(report, c, o.cwd)));
  if (report.lint.introduced.length || report.lint.fixed.length) {
    out.push("", "#### Lint delta", "");
    for (const f of report.lint.introduced) out.push(`- 🔺 introduced ${f.severity}: ${escape(f.message)} (${code(f.ruleId)}, ${code(fileLine(report, f.range, o.cwd) ?? "")})`);
    for (const f of report.lint.fixed) out.push(`- ✔️ fixed ${f.severity}: ${escape(f.message)} (${code(f.ruleId)}, ${code(fileLine(report, f.range, o.cwd) ?? "")})`);
  }
  if (report.relay.length) {
    out.push("", "#### Relay delta", "", "| scope | probe | before | after | |", "|---|---|---|---|---|");
    for (const r of report.relay) {
      const flag = r.regression ? `**regression**: ${escape(r.regression)}` : r.changed ? "changed" : "";
      const b = r.changed ? `**${cell(r, "before")}**` : cell(r, "before");
      const a = r.changed ? `**${cell(r, "after")}**` : cell(r, "after");
      out.push(`| ${escape(r.scope)} | ${r.probe} | ${b} | ${a} | ${flag} |`);
    }
  }
  if (report.cosmetic.length) {
    out.push("", "#### No semantic change", "");
    for (const c of report.cosmetic) out.push(`- ${code(displayPath(c.afterFile, o.cwd))}: ${c.kinds.join(", ")}`);
  }
  if (report.textDiff) out.push("", "<details><summary>Text diff</summary>", "", "```diff", report.textDiff.replace(/```/g, "``\u200b`").trimEnd(), "```", "", "</details>");
  return `${out.join("\n")}\n`;
}
