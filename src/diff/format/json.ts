/**
 * The JSON diff report, version 1 (CI scripts parse it):
 * {version, kind, before, after, semanticDifference, regressions, changes[], lint{introduced,fixed}, relay[], cosmetic[], ignored[], notes[], textDiff?}
 * Ranges become {file, line, column, endLine, endColumn}.
 */
import { displayPath } from "../../format/location.js";
import type { DiffReport, LintDeltaItem } from "../types.js";
import { place } from "./location.js";

export interface JsonFormatOptions {
  cwd: string;
}

export function formatDiffJson(report: DiffReport, o: JsonFormatOptions): string {
  const at = (r: Parameters<typeof place>[1]) => place(report, r, o.cwd) ?? null;
  const finding = (f: LintDeltaItem) => ({ ruleId: f.ruleId, messageId: f.messageId, severity: f.severity, message: f.message, at: at(f.range) });
  const out = {
    version: 1,
    kind: report.kind,
    before: { path: displayPath(report.before.path, o.cwd), version: report.before.version ?? null },
    after: { path: displayPath(report.after.path, o.cwd), version: report.after.version ?? null },
    semanticDifference: report.semanticDifference,
    regressions: report.regressions,
    changes: report.changes.map((c) => ({
      section: c.section,
      action: c.action,
      subject: c.subject,
      element: c.element ?? null,
      before: c.before ?? null,
      after: c.after ?? null,
      effective: c.effective,
      message: c.message,
      note: c.note ?? null,
      beforeAt: at(c.beforeRange),
      afterAt: at(c.afterRange),
    })),
    lint: { introduced: report.lint.introduced.map(finding), fixed: report.lint.fixed.map(finding) },
    relay: report.relay.map((r) => ({
      scope: r.scope,
      probe: r.probe,
      beforeTo: r.beforeTo,
      afterTo: r.afterTo,
      before: { verdict: r.before.verdict, code: r.before.code ?? null, line: r.before.line, decidedAt: at(r.before.decidedBy) },
      after: { verdict: r.after.verdict, code: r.after.code ?? null, line: r.after.line, decidedAt: at(r.after.decidedBy) },
      changed: r.changed,
      regression: r.regression ?? null,
    })),
    cosmetic: report.cosmetic.map((c) => ({ before: displayPath(c.beforeFile, o.cwd), after: displayPath(c.afterFile, o.cwd), kinds: c.kinds })),
    ignored: report.ignored,
    notes: report.notes,
    ...(report.textDiff !== undefined ? { textDiff: report.textDiff } : {}),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
