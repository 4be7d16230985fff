/**
 * SARIF 2.1.0 for GitHub code scanning and other viewers. Rule metadata
 * (descriptions, help) comes from the same RuleDoc that renders the docs pages.
 */
import { pathToFileURL } from "node:url";
import type { ArtifactLocation, Fix, Log, ReportingDescriptor, Result } from "sarif";
import { renderRulePage, renderRuleText, type RuleDoc } from "../docs/render.js";
import type { Finding } from "../engine/rule.js";
import type { Severity } from "../engine/severity.js";
import type { FileResult, LintResult } from "../lint.js";
import { displayPath, locate } from "./location.js";
import { collect, LazyArray, streamJson, type Sink } from "./stream.js";

export interface SarifFormatOptions {
  /** URIs are written relative to this directory (the repository root in CI) as %SRCROOT%. */
  cwd: string;
  rules: readonly RuleDoc[];
  toolVersion: string;
}

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT = "%SRCROOT%";

function level(severity: Severity): "error" | "warning" | "note" {
  switch (severity) {
    case "error":
      return "error";
    case "warning":
      return "warning";
    case "info":
      return "note";
  }
}

function descriptor(doc: RuleDoc): ReportingDescriptor {
  return {
    id: doc.id,
    name: doc.id,
    shortDescription: { text: doc.summary },
    fullDescription: { text: doc.docs.why },
    help: { text: renderRuleText(doc), markdown: renderRulePage(doc) },
    defaultConfiguration: { level: level(doc.severity) },
    properties: { tags: [doc.kind] },
  };
}

/** Relative URI under %SRCROOT% when the file is inside cwd; else an absolute file: URI. */
function artifact(path: string, cwd: string): ArtifactLocation {
  const shown = displayPath(path, cwd);
  if (shown === path && /^([/\\]|[A-Za-z]:)/.test(path)) return { uri: pathToFileURL(path).href };
  return { uri: shown.split("/").map(encodeURIComponent).join("/"), uriBaseId: SRCROOT };
}

function region(file: FileResult, range: Finding["range"]) {
  const at = locate(file, range);
  return { startLine: at.line, startColumn: at.column, endLine: at.endLine, endColumn: at.endColumn };
}

function fixes(file: FileResult, f: Finding, location: ArtifactLocation): Fix[] | undefined {
  if (!f.fix.edits?.length) return undefined;
  return [
    {
      description: { text: f.fix.description },
      artifactChanges: [
        {
          artifactLocation: location,
          replacements: f.fix.edits.map((e) => ({ deletedRegion: region(file, e.range), insertedContent: { text: e.text } })),
        },
      ],
    },
  ];
}

export function formatSarif(result: LintResult, options: SarifFormatOptions): string {
  return collect((sink) => writeSarifLog(result, options, sink));
}

/** The results, one per finding, made as they are asked for. */
function* results(result: LintResult, options: SarifFormatOptions): Generator<Result> {
  const index = new Map(options.rules.map((d, i) => [d.id, i]));
  for (const file of result.files) {
    const location = artifact(file.path, options.cwd);
    for (const f of file.findings) {
      const ruleIndex = index.get(f.ruleId);
      const r: Result = {
        ruleId: f.ruleId,
        ...(ruleIndex !== undefined ? { ruleIndex } : {}),
        level: level(f.severity),
        message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation: location, region: region(file, f.range) } }],
        ...(file.host !== undefined ? { properties: { host: file.host } } : {}),
      };
      const fx = fixes(file, f, location);
      if (fx) r.fixes = fx;
      yield r;
    }
  }
}

/** The log as an object (the fleet report adds to it); in a fleet run each result has properties.host. */
export function sarifLog(result: LintResult, options: SarifFormatOptions): Log {
  return logWith(options, [...results(result, options)]);
}

/**
 * The log written to `sink` in chunks, each result made as it is written:
 * the same bytes as formatSarif, without one string for the whole log.
 */
export function writeSarifLog(result: LintResult, options: SarifFormatOptions, sink: Sink, chunkSize?: number): void {
  const count = result.files.reduce((n, f) => n + f.findings.length, 0);
  // The lazy results stand where the array goes; streamJson writes them as one.
  streamJson(logWith(options, new LazyArray(count, () => results(result, options)) as unknown as Result[]), sink, chunkSize);
}

function logWith(options: SarifFormatOptions, results: Result[]): Log {
  const cwdUri = pathToFileURL(options.cwd.endsWith("/") ? options.cwd : `${options.cwd}/`).href;
  const log: Log = {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "mtalint", semanticVersion: options.toolVersion, version: options.toolVersion, rules: options.rules.map(descriptor) } },
        originalUriBaseIds: { [SRCROOT]: { uri: cwdUri } },
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
  return log;
}
