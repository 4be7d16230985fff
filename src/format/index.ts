/** The report formats by name (what --format accepts). */
import type { RuleDoc } from "../docs/render.js";
import { UsageError } from "../errors.js";
import type { LintResult } from "../lint.js";
import { formatGithub } from "./github.js";
import { formatJson, writeJsonReport } from "./json.js";
import { formatSarif, writeSarifLog } from "./sarif.js";
import type { Sink } from "./stream.js";
import { formatStylish } from "./stylish.js";

export const FORMATS = ["stylish", "json", "sarif", "github"] as const;
export type FormatName = (typeof FORMATS)[number];

export interface FormatOptions {
  cwd: string;
  color: boolean;
  rules: readonly RuleDoc[];
  toolVersion: string;
}

export function parseFormat(text: string): FormatName {
  const found = FORMATS.find((f) => f === text);
  if (!found) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, not "${text}"`);
  return found;
}

export function formatReport(format: FormatName, result: LintResult, options: FormatOptions): string {
  switch (format) {
    case "stylish":
      return formatStylish(result, options);
    case "json":
      return formatJson(result, options);
    case "sarif":
      return formatSarif(result, options);
    case "github":
      return formatGithub(result, options);
  }
}

/**
 * The report written to `sink`: json and sarif in chunks, never as one string (a report with millions
 * of findings is longer than a JavaScript string can be); stylish and github as one string.
 */
export function writeFormattedReport(format: FormatName, result: LintResult, options: FormatOptions, sink: Sink): void {
  switch (format) {
    case "json":
      return writeJsonReport(result, options, sink);
    case "sarif":
      return writeSarifLog(result, options, sink);
    default:
      return sink(formatReport(format, result, options));
  }
}
