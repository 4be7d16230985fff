/**
 * Lint one host: find its configurations, lint each as `mtalint lint` would
 * (its .mtalint.json found upward from it, ignore globs, disable comments),
 * and turn every failure into a message on the host instead of an exception,
 * so that one broken host never stops the fleet.
 */
import { SourceFile } from "../ast/range.js";
import type { Finding } from "../engine/rule.js";
import { configForPath, isIgnored } from "../engine/config.js";
import { InputError, UsageError } from "../errors.js";
import { lintProject, summarize, type FileResult } from "../lint.js";
import { hostLayout, locationsLookedAt } from "./layout.js";
import type { FleetLintOptions, Host, HostConfig, HostResult } from "./types.js";

/** A HostResult as plain data (what a worker thread posts back): file text only where a finding needs it. */
export interface HostMessage {
  name: string;
  dir: string;
  configs: HostConfig[];
  files: { path: string; kind: FileResult["kind"]; text?: string; findings: Finding[] }[];
  inputErrors: string[];
  /** Every configuration of the host is ignored by its .mtalint.json: the host is left out of the report. */
  ignored: boolean;
}

export function lintHostToMessage(host: Host, options: FleetLintOptions): HostMessage {
  const errors: string[] = [];
  let configs: HostConfig[] = [];
  try {
    const layout = hostLayout(host, options.kind);
    configs = layout.configs;
    errors.push(...layout.errors);
  } catch (e) {
    errors.push(describeError(host, e));
  }
  if (configs.length === 0 && errors.length === 0) {
    const what = options.kind === "postfix" ? "Postfix" : options.kind === "exim" ? "Exim" : "Postfix or Exim";
    errors.push(`${host.dir}: found no ${what} configuration (looked for ${locationsLookedAt(options.kind)})`);
  }
  const files: HostMessage["files"] = [];
  let ignored = 0;
  for (const config of configs) {
    try {
      if (isIgnored(configForPath(config.path, options.configFile), config.path)) {
        ignored++;
        continue;
      }
      const result = lintProject([config.path], { ...options, kind: config.kind });
      for (const f of result.files) files.push(plainFile(f));
    } catch (e) {
      errors.push(describeError(host, e));
    }
  }
  return { name: host.name, dir: host.dir, configs, files, inputErrors: errors, ignored: configs.length > 0 && ignored === configs.length && errors.length === 0 };
}

/** Back from plain data: the files get their host and, where they have findings, their SourceFile. */
export function hostResultFromMessage(m: HostMessage): HostResult {
  const files: FileResult[] = m.files.map((f) => ({
    path: f.path,
    kind: f.kind,
    host: m.name,
    ...(f.text !== undefined ? { source: new SourceFile(f.path, f.text) } : {}),
    findings: f.findings,
  }));
  return { name: m.name, dir: m.dir, configs: m.configs, files, summary: summarize(files), inputErrors: m.inputErrors };
}

/** Only the fields formatters read, as fresh plain objects: the same whether they stay in this thread or are posted. */
function plainFile(f: FileResult): HostMessage["files"][number] {
  return {
    path: f.path,
    kind: f.kind,
    ...(f.findings.length > 0 && f.source ? { text: f.source.text } : {}),
    findings: f.findings.map(plainFinding),
  };
}

function plainFinding(f: Finding): Finding {
  const range = (r: Finding["range"]) => ({ file: r.file, start: r.start, end: r.end });
  return {
    ...f,
    range: range(f.range),
    fix: { ...f.fix, ...(f.fix.edits ? { edits: f.fix.edits.map((e) => ({ range: range(e.range), text: e.text })) } : {}) },
    ...(f.via ? { via: [...f.via] } : {}),
  };
}

function describeError(host: Host, e: unknown): string {
  if (e instanceof InputError || e instanceof UsageError) return e.message;
  return `internal error while linting host ${host.name}: ${e instanceof Error ? e.message : String(e)} (please report this)`;
}
