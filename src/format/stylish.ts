/**
 * The human report: findings grouped by file, each with the offending line,
 * a caret underline under the range, and the fix sentence; a summary at the end.
 */
import kleur from "kleur";
import type { Finding } from "../engine/rule.js";
import type { Severity } from "../engine/severity.js";
import type { FileResult, LintResult } from "../lint.js";
import { displayPath, locate } from "./location.js";

export interface StylishFormatOptions {
  cwd: string;
  /** Whether to emit ANSI colours (the CLI decides from --no-color, NO_COLOR, FORCE_COLOR and the terminal). */
  color: boolean;
}

/** Longest part of a line shown in a code frame; configs rarely need more, minified junk gets cut. */
const FRAME_WIDTH = 160;

function label(severity: Severity): string {
  switch (severity) {
    case "error":
      return kleur.red("error");
    case "warning":
      return kleur.yellow("warning");
    case "info":
      return kleur.blue("info");
  }
}

function underline(severity: Severity, text: string): string {
  switch (severity) {
    case "error":
      return kleur.red(text);
    case "warning":
      return kleur.yellow(text);
    case "info":
      return kleur.blue(text);
  }
}

/** Control characters would move the cursor or recolour the terminal; tabs stay so the caret lines up. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "?");
}

function codeFrame(file: FileResult, f: Finding): string[] {
  if (!file.source || file.source.path !== f.range.file) return [];
  const at = locate(file, f.range);
  const full = printable(file.source.lineText(at.line));
  const startCol = at.column - 1;
  const endCol = at.endLine === at.line ? Math.max(at.endColumn - 1, startCol + 1) : Math.max(full.length, startCol + 1);
  let from = 0;
  let to = full.length;
  if (full.length > FRAME_WIDTH) {
    from = Math.max(0, Math.min(startCol - 20, full.length - FRAME_WIDTH));
    to = Math.min(full.length, from + FRAME_WIDTH);
  }
  const lead = from > 0 ? "…" : "";
  const shown = `${lead}${full.slice(from, to)}${to < full.length ? "…" : ""}`;
  const caretStart = lead.length + startCol - from;
  const caretLength = Math.max(1, Math.min(endCol, to) - startCol);
  const pad = [...shown.slice(0, caretStart)].map((c) => (c === "\t" ? "\t" : " ")).join("");
  const gutter = String(at.line);
  return [
    `    ${kleur.dim(`${gutter} |`)} ${shown}`,
    `    ${kleur.dim(`${" ".repeat(gutter.length)} |`)} ${pad}${underline(f.severity, "^".repeat(caretLength))}`,
  ];
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The lines for the files that have findings, each file's block ending with a blank line (the fleet report reuses it). */
export function fileBlocks(files: readonly FileResult[], cwd: string): string[] {
  const out: string[] = [];
  for (const file of files) {
    if (file.findings.length === 0) continue;
    out.push(kleur.underline(displayPath(file.path, cwd)));
    for (const f of file.findings) {
      const at = locate(file, f.range);
      out.push(`  ${kleur.dim(`${at.line}:${at.column}`)}  ${label(f.severity)}  ${f.message}  ${kleur.dim(f.ruleId)}`);
      out.push(...codeFrame(file, f));
      out.push(`    ${kleur.green("fix:")} ${f.fix.description}`);
      if (f.via?.length) out.push(`    ${kleur.dim("via:")} ${f.via.join(" → ")}`);
    }
    out.push("");
  }
  return out;
}

function render(result: LintResult, options: StylishFormatOptions): string {
  const out = fileBlocks(result.files, options.cwd);
  const { errors, warnings, infos } = result.summary;
  const total = errors + warnings + infos;
  if (total === 0) {
    out.push(kleur.green(`✔ no problems in ${plural(result.files.length, "file")}`));
  } else {
    const line = `✖ ${plural(total, "problem")} (${plural(errors, "error")}, ${plural(warnings, "warning")}, ${plural(infos, "info")})`;
    out.push(errors > 0 ? kleur.red().bold(line) : warnings > 0 ? kleur.yellow().bold(line) : kleur.bold(line));
  }
  return `${out.join("\n")}\n`;
}

export function formatStylish(result: LintResult, options: StylishFormatOptions): string {
  return withColor(options.color, () => render(result, options));
}

/** kleur keeps one global switch; set it for one call only. */
export function withColor<T>(color: boolean, fn: () => T): T {
  const saved = kleur.enabled;
  kleur.enabled = color;
  try {
    return fn();
  } finally {
    kleur.enabled = saved;
  }
}
