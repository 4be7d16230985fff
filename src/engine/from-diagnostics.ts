/** Rules whose findings are the parser's or model's diagnostics: one place turns a diagnostic into a report. */
import type { Diagnostic } from "../diagnostics.js";
import type { Fix, ReportDescriptor } from "./rule.js";

export function reportDiagnostics<M extends string>(
  diagnostics: readonly Diagnostic[],
  select: (d: Diagnostic) => boolean,
  report: (r: ReportDescriptor<M>) => void,
  messageId: M,
  fix: (d: Diagnostic) => Fix,
): void {
  for (const d of diagnostics) {
    if (!select(d)) continue;
    report({
      range: d.range,
      messageId,
      data: { message: d.message },
      severity: d.severity,
      fix: fix(d),
      ...(d.via ? { via: d.via } : {}),
    });
  }
}
