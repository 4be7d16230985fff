/**
 * The JSON report, version 1. Its shape is public (CI scripts parse it):
 * {"version":1,"files":[{path,kind,findings:[...]}],"summary":{errors,warnings,infos}}
 * A fleet run (--fleet) only adds: "host" to each file, "hosts" and summary counts of hosts (docs/fleet.md).
 */
import type { FileResult, LintResult } from "../lint.js";
import { displayPath, locate } from "./location.js";

export interface JsonFormatOptions {
  cwd: string;
}

function finding(file: FileResult, f: FileResult["findings"][number]) {
  const edits = f.fix.edits?.map((e) => ({ ...locate(file, e.range), text: e.text }));
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    ...locate(file, f.range),
    fix: edits ? { description: f.fix.description, edits } : { description: f.fix.description },
  };
}

/** The report as an object (the fleet report adds to it); a fleet run adds "host" to each file. */
export function jsonReport(result: LintResult, options: JsonFormatOptions) {
  return {
    version: 1,
    files: result.files.map((file) => ({
      path: displayPath(file.path, options.cwd),
      kind: file.kind,
      ...(file.host !== undefined ? { host: file.host } : {}),
      findings: file.findings.map((f) => finding(file, f)),
    })),
    summary: { errors: result.summary.errors, warnings: result.summary.warnings, infos: result.summary.infos },
  };
}

export function formatJson(result: LintResult, options: JsonFormatOptions): string {
  return `${JSON.stringify(jsonReport(result, options), null, 2)}\n`;
}
