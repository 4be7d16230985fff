/**
 * The JSON report, version 1. Its shape is public (CI scripts parse it):
 * {"version":1,"files":[{path,kind,findings:[...]}],"summary":{errors,warnings,infos}}
 * A fleet run (--fleet) only adds: "host" to each file, "hosts" and summary counts of hosts (docs/fleet.md).
 */
import type { FileResult, LintResult } from "../lint.js";
import { displayPath, locate } from "./location.js";
import { collect, LazyArray, streamJson, type Sink } from "./stream.js";

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

function fileEntry<F>(file: FileResult, options: JsonFormatOptions, findings: (file: FileResult) => F) {
  return {
    path: displayPath(file.path, options.cwd),
    kind: file.kind,
    ...(file.host !== undefined ? { host: file.host } : {}),
    findings: findings(file),
  };
}

function summaryOf(result: LintResult) {
  return { errors: result.summary.errors, warnings: result.summary.warnings, infos: result.summary.infos };
}

/** The report as an object (the fleet report adds to it); a fleet run adds "host" to each file. */
export function jsonReport(result: LintResult, options: JsonFormatOptions) {
  return {
    version: 1,
    files: result.files.map((file) => fileEntry(file, options, (fl) => fl.findings.map((f) => finding(fl, f)))),
    summary: summaryOf(result),
  };
}

/**
 * The report written to `sink` in chunks, each finding made as it is written:
 * the same bytes as formatJson, without one string (or a second object) for
 * the whole report.
 */
export function writeJsonReport(result: LintResult, options: JsonFormatOptions, sink: Sink, chunkSize?: number): void {
  const report = {
    version: 1,
    files: LazyArray.map(result.files, (file) => fileEntry(file, options, (fl) => LazyArray.map(fl.findings, (f) => finding(fl, f)))),
    summary: summaryOf(result),
  };
  streamJson(report, sink, chunkSize);
}

export function formatJson(result: LintResult, options: JsonFormatOptions): string {
  return collect((sink) => writeJsonReport(result, options, sink));
}
