/**
 * `mtalint print` for Exim: the text `exim -bP NAME...` prints, computed
 * from the configuration. Pure: returns the text and the exit code.
 * Exim prints "NAME is not a known option" on stdout, and its exit status is
 * that of the last name asked for (measured with exim 4.96).
 */
import { hostname } from "node:os";
import type { SourceFile } from "../ast/range.js";
import type { Diagnostic } from "../diagnostics.js";
import { Severity } from "../engine/severity.js";
import { loadExim } from "../exim/api.js";
import { eximOptionValue, printAcl, printAllMainOptions, printMacro, printNamedList } from "../model/exim/print.js";

export interface PrintEximOptions {
  acl?: string;
  defines: Record<string, string>;
  root?: string;
}

export function runPrintExim(path: string, names: string[], opts: PrintEximOptions): { stdout: string; stderr: string; exitCode: number } {
  const loaded = loadExim(path, { defines: opts.defines, ...(opts.root ? { root: opts.root } : {}) });
  const errors = loaded.diagnostics.filter((d) => d.severity === Severity.Error);
  const stderr = errors.map((d) => formatDiagnostic(d, loaded.files)).join("");
  if (errors.length) return { stdout: "", stderr, exitCode: 1 };
  const { config } = loaded;
  const printOpts = { hostname: hostname() };

  if (opts.acl !== undefined) {
    const acl = config.acls.find((a) => a.name === opts.acl);
    if (!acl) return { stdout: "", stderr: `${stderr}no ACL named "${opts.acl}"\n`, exitCode: 1 };
    return { stdout: printAcl(acl), stderr, exitCode: 0 };
  }
  if (names.length === 0) {
    return { stdout: printAllMainOptions(config, printOpts).map((p) => p.line + "\n").join(""), stderr, exitCode: 0 };
  }

  let stdout = "";
  let exitCode = 0;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    let line: string | undefined;
    if (name === "macro" && names[i + 1] !== undefined) line = printMacro(config, names[++i]!, opts.defines);
    else if (name.startsWith("+")) line = printNamedList(config, name.slice(1));
    else line = eximOptionValue(config, name, printOpts)?.line;
    stdout += (line ?? `${name} is not a known option`) + "\n";
    exitCode = line === undefined ? 1 : 0;
  }
  return { stdout, stderr, exitCode };
}

function formatDiagnostic(d: Diagnostic, files: SourceFile[]): string {
  const file = files.find((f) => f.path === d.range.file);
  const pos = file ? file.positionAt(d.range.start) : { line: 1, column: 1 };
  const via = d.via?.length ? ` (${d.via.join(", ")})` : "";
  return `${d.range.file}:${pos.line}:${pos.column}: ${d.message}${via}\n`;
}
