/**
 * GitHub Actions workflow commands: one ::error/::warning/::notice line per
 * finding, which GitHub shows as an annotation on the file and line.
 */
import type { Severity } from "../engine/severity.js";
import type { LintResult } from "../lint.js";
import { displayPath, locate } from "./location.js";

export interface GithubFormatOptions {
  cwd: string;
}

function command(severity: Severity): "error" | "warning" | "notice" {
  switch (severity) {
    case "error":
      return "error";
    case "warning":
      return "warning";
    case "info":
      return "notice";
  }
}

/** Escaping of a command's message, as the Actions toolkit does (escapeData). */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escaping of a command property value (escapeProperty): also ":" and ",". */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export function formatGithub(result: LintResult, options: GithubFormatOptions): string {
  const lines: string[] = [];
  for (const file of result.files) {
    const path = escapeProperty(displayPath(file.path, options.cwd));
    for (const f of file.findings) {
      const at = locate(file, f.range);
      const title = file.host !== undefined ? `${file.host}: ${f.ruleId}` : f.ruleId;
      const props = `file=${path},line=${at.line},col=${at.column},endLine=${at.endLine},endColumn=${at.endColumn},title=${escapeProperty(title)}`;
      lines.push(`::${command(f.severity)} ${props}::${escapeData(f.message)}`);
    }
  }
  return lines.length ? `${lines.join("\n")}\n` : "";
}
