/** file:line of a diff report's ranges, as the diff formatters print them. */
import type { LineColumnRange, Range } from "../../ast/range.js";
import { displayPath } from "../../format/location.js";
import type { ChangeSection, DiffReport } from "../types.js";

export interface Place extends LineColumnRange {
  file: string;
}

export function place(report: DiffReport, range: Range | undefined, cwd: string): Place | undefined {
  if (!range) return undefined;
  const src = [...report.before.sources, ...report.after.sources].find((s) => s.path === range.file);
  const at = src ? src.lineColumn(range) : { line: 1, column: 1, endLine: 1, endColumn: 1 };
  return { file: displayPath(range.file, cwd), ...at };
}

export function fileLine(report: DiffReport, range: Range | undefined, cwd: string): string | undefined {
  const p = place(report, range, cwd);
  return p ? `${p.file}:${p.line}` : undefined;
}

/** "main.cf:3 → main.cf:5", "(new) → main.cf:5", "main.cf:3 → (gone)". */
export function bothSides(report: DiffReport, before: Range | undefined, after: Range | undefined, cwd: string): string {
  const b = fileLine(report, before, cwd);
  const a = fileLine(report, after, cwd);
  if (!b && !a) return "";
  return `${b ?? "(default)"} → ${a ?? "(default)"}`;
}

export function summaryLine(report: DiffReport): string {
  const effective = report.changes.filter((c) => c.effective).length;
  const relay = report.relay.filter((r) => r.changed).length;
  const lint = report.lint.introduced.length + report.lint.fixed.length;
  if (!report.semanticDifference) return "no semantic difference";
  const parts = [`${effective} semantic change${effective === 1 ? "" : "s"}`];
  if (relay) parts.push(`${relay} relay verdict${relay === 1 ? "" : "s"} changed`);
  if (lint) parts.push(`lint: ${report.lint.introduced.length} introduced, ${report.lint.fixed.length} fixed`);
  parts.push(`${report.regressions} regression${report.regressions === 1 ? "" : "s"}`);
  return parts.join(", ");
}

/** Section headings of the human-readable reports, in report order. */
export const SECTION_TITLES: Record<ChangeSection, string> = {
  parameter: "Parameters",
  "master.cf service": "master.cf services",
  macro: "Macros",
  "main option": "Main options",
  "named list": "Named lists",
  ACL: "ACLs",
  router: "Routers",
  transport: "Transports",
  authenticator: "Authenticators",
};
