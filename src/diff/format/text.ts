/**
 * The human diff report: changes grouped by section with file:line on both
 * sides, lint delta, the relay matrix (regressions marked), textual-only
 * changes, and optionally the unified diff.
 */
import kleur from "kleur";
import { displayPath } from "../../format/location.js";
import type { ChangeAction, ChangeSection, DiffReport, RelayDeltaRow, SemanticChange } from "../types.js";
import { bothSides, fileLine, SECTION_TITLES, summaryLine } from "./location.js";

export interface TextFormatOptions {
  cwd: string;
  color: boolean;
}

const SECTION_ORDER = Object.keys(SECTION_TITLES) as ChangeSection[];

function mark(action: ChangeAction): string {
  switch (action) {
    case "added":
    case "inserted":
      return kleur.green("+");
    case "removed":
      return kleur.red("-");
    case "changed":
      return kleur.yellow("~");
    case "moved":
      return kleur.cyan("↕");
  }
}

function changeLines(report: DiffReport, c: SemanticChange, cwd: string): string[] {
  const where = bothSides(report, c.beforeRange, c.afterRange, cwd);
  const out = [`  ${c.effective ? mark(c.action) : kleur.dim("·")} ${c.effective ? c.message : kleur.dim(c.message)}${where ? `  ${kleur.dim(where)}` : ""}`];
  if (c.note) out.push(`      ${kleur.dim("note:")} ${c.note}`);
  return out;
}

function verdictCell(r: RelayDeltaRow, side: "before" | "after"): string {
  const v = r[side];
  const text = v.verdict === "ACCEPT" || v.verdict === "ABSENT" || v.verdict === "UNKNOWN" ? v.verdict : `${v.verdict} ${v.code ?? ""}`.trim();
  if (!r.changed) return text;
  return v.verdict === "ACCEPT" ? kleur.green(text) : v.verdict === "ABSENT" || v.verdict === "UNKNOWN" ? kleur.dim(text) : kleur.red(text);
}

function relayLines(rows: RelayDeltaRow[]): string[] {
  const scopeW = Math.max(5, ...rows.map((r) => r.scope.length));
  const out = [kleur.dim(`  ${"scope".padEnd(scopeW)}  ${"probe".padEnd(17)}  before → after`)];
  for (const r of rows) {
    const head = `  ${r.scope.padEnd(scopeW)}  ${r.probe.padEnd(17)}  ${verdictCell(r, "before")} → ${verdictCell(r, "after")}`;
    const tail = r.regression ? `  ${kleur.red().bold("REGRESSION")}: ${r.regression}` : r.changed ? `  ${kleur.yellow("changed")}` : "";
    out.push(head + tail);
  }
  return out;
}

function render(report: DiffReport, o: TextFormatOptions): string {
  const out: string[] = [kleur.bold(`mtalint diff (${report.kind}): ${displayPath(report.before.path, o.cwd)} → ${displayPath(report.after.path, o.cwd)}`)];
  if (report.before.version || report.after.version) out.push(kleur.dim(`Postfix ${report.before.version ?? "(knowledge base)"} → ${report.after.version ?? "(knowledge base)"}`));
  for (const n of report.notes) out.push(kleur.dim(`note: ${n}`));
  if (report.ignored.length) out.push(kleur.dim(`ignored: ${report.ignored.join(", ")}`));
  const effective = report.changes.filter((c) => c.effective);
  for (const section of SECTION_ORDER) {
    const list = effective.filter((c) => c.section === section);
    if (!list.length) continue;
    out.push("", kleur.underline(SECTION_TITLES[section]));
    for (const c of list) out.push(...changeLines(report, c, o.cwd));
  }
  const textual = report.changes.filter((c) => !c.effective);
  if (textual.length) {
    out.push("", kleur.underline("Changed text, same effect"));
    for (const c of textual) out.push(...changeLines(report, c, o.cwd));
  }
  if (report.lint.introduced.length || report.lint.fixed.length) {
    out.push("", kleur.underline("Lint delta"));
    for (const f of report.lint.introduced) out.push(`  ${kleur.red("introduced")} ${f.severity} ${f.message}  ${kleur.dim(`${f.ruleId} ${fileLine(report, f.range, o.cwd) ?? ""}`)}`);
    for (const f of report.lint.fixed) out.push(`  ${kleur.green("fixed")}      ${f.severity} ${f.message}  ${kleur.dim(`${f.ruleId} ${fileLine(report, f.range, o.cwd) ?? ""}`)}`);
  }
  if (report.relay.length) {
    out.push("", kleur.underline("Relay delta"));
    out.push(...relayLines(report.relay));
  }
  if (report.cosmetic.length) {
    out.push("", kleur.underline("No semantic change"));
    for (const c of report.cosmetic) out.push(`  ${kleur.dim("·")} ${displayPath(c.afterFile, o.cwd)}: ${c.kinds.join(", ")}`);
  }
  if (report.textDiff) out.push("", kleur.underline("Text diff"), colourPatch(report.textDiff).trimEnd());
  const summary = summaryLine(report);
  out.push("", report.regressions > 0 ? kleur.red().bold(`✖ ${summary}`) : report.semanticDifference ? kleur.yellow().bold(`● ${summary}`) : kleur.green(`✔ ${summary}`));
  return `${out.join("\n")}\n`;
}

function colourPatch(patch: string): string {
  return patch
    .split("\n")
    .map((l) => (l.startsWith("+++") || l.startsWith("---") ? kleur.bold(l) : l.startsWith("+") ? kleur.green(l) : l.startsWith("-") ? kleur.red(l) : l.startsWith("@@") ? kleur.cyan(l) : l))
    .join("\n");
}

export function formatDiffText(report: DiffReport, options: TextFormatOptions): string {
  // kleur keeps one global switch; set it for this call only.
  const saved = kleur.enabled;
  kleur.enabled = options.color;
  try {
    return render(report, options);
  } finally {
    kleur.enabled = saved;
  }
}
