/**
 * What `mtalint lint` prints for a page's examples. The example files are
 * linted in memory under fixed paths and an include never reads the disk, so
 * a rule page shows the rule's real output and is the same on every machine.
 */
import { rules as allRules } from "../../rules/index.js";
import { parseMainCf } from "../ast/postfix-main.js";
import { parseMasterCf } from "../ast/postfix-master.js";
import { SourceFile } from "../ast/range.js";
import type { ConfigKind } from "../detect.js";
import type { Diagnostic } from "../diagnostics.js";
import { UNUSED_DISABLE_ID } from "../engine/config.js";
import type { EximRule, Finding, PostfixRule, Rule } from "../engine/rule.js";
import { runEximRules, runPostfixRules } from "../engine/run.js";
import { defaultSettings, type LintSettings } from "../engine/settings.js";
import { applySuppressions } from "../engine/suppress.js";
import { InputError } from "../errors.js";
import { parseExim } from "../exim/api.js";
import { formatStylish } from "../format/stylish.js";
import { describeFsError } from "../io/read-config.js";
import { buildPostfixConfig } from "../model/postfix/config.js";
import { selectRules, summarize, type FileResult, type LintResult } from "../lint.js";
import type { RuleDoc } from "./render.js";

/** Where the examples pretend to live; findings and "Reproduce:" commands show these paths. */
export const EXAMPLE_POSTFIX_DIR = "/etc/postfix";
export const EXAMPLE_EXIM_DIR = "/etc/exim4";

export interface ExampleRun {
  /** The findings of the page's rule only, grouped by example file. */
  result: LintResult;
  /** The directory the paths are shown relative to. */
  cwd: string;
}

function exampleKind(doc: RuleDoc, files: Record<string, string>): ConfigKind {
  if (doc.kind !== "mtalint") return doc.kind;
  return "main.cf" in files || "master.cf" in files ? "postfix" : "exim";
}

/** The rules to run: the page's own, or for the engine's mtalint/* checks every rule of the kind (as `mtalint lint` does). */
function rulesFor(doc: RuleDoc, kind: ConfigKind): Rule[] {
  if (doc.kind === "mtalint") return selectRules(kind);
  const rule = Object.values(allRules).find((r) => r.meta.id === doc.id);
  if (!rule) throw new Error(`no rule module for ${doc.id}`);
  return [rule];
}

function noDisk(path: string): SourceFile {
  throw new InputError(path, describeFsError({ code: "ENOENT" }));
}

function lintFiles(kind: ConfigKind, files: Record<string, string>, rules: Rule[], settings: LintSettings): { findings: Finding[]; sources: SourceFile[] } {
  if (kind === "postfix") {
    const diagnostics: Diagnostic[] = [];
    const source = (name: string) => (files[name] !== undefined ? new SourceFile(`${EXAMPLE_POSTFIX_DIR}/${name}`, files[name]) : undefined);
    const main = source("main.cf");
    const master = source("master.cf");
    const m = main ? parseMainCf(main) : undefined;
    const n = master ? parseMasterCf(master) : undefined;
    if (m) diagnostics.push(...m.diagnostics);
    if (n) diagnostics.push(...n.diagnostics);
    const config = buildPostfixConfig(EXAMPLE_POSTFIX_DIR, m?.ast, n?.ast, diagnostics);
    const sources = [main, master].filter((s): s is SourceFile => s !== undefined);
    return { findings: runPostfixRules(config, rules as PostfixRule[], settings), sources };
  }
  const [name, text] = Object.entries(files)[0] ?? ["exim.conf", ""];
  const path = `${EXAMPLE_EXIM_DIR}/${name}`;
  const loaded = { ...parseExim(text, { path, readFile: noDisk }), path };
  return { findings: runEximRules(loaded, rules as EximRule<string, unknown>[], settings), sources: loaded.files };
}

/** Lint one of a page's examples ("bad" or "good") the way `mtalint lint` would, keeping the page's findings only. */
export function runExample(doc: RuleDoc, which: "bad" | "good"): ExampleRun {
  const files = doc.docs[which];
  const kind = exampleKind(doc, files);
  const settings: LintSettings = { ...defaultSettings(), ...doc.docs.settings };
  const { findings, sources } = lintFiles(kind, files, rulesFor(doc, kind), settings);
  const byPath = new Map<string, FileResult>(sources.map((source) => [source.path, { path: source.path, kind, source, findings: [] }]));
  for (const f of findings) {
    const file = byPath.get(f.range.file) ?? { path: f.range.file, kind, findings: [] };
    byPath.set(f.range.file, file);
    file.findings.push(f);
  }
  let fileResults = [...byPath.values()];
  if (doc.id === UNUSED_DISABLE_ID) {
    fileResults = applySuppressions({ files: fileResults, summary: summarize(fileResults) }, { reportUnused: true, settings }).files;
  }
  fileResults = fileResults.map((f) => ({ ...f, findings: f.findings.filter((x) => x.ruleId === doc.id) }));
  return { result: { files: fileResults, summary: summarize(fileResults) }, cwd: kind === "postfix" ? EXAMPLE_POSTFIX_DIR : EXAMPLE_EXIM_DIR };
}

const outputs = new Map<string, string>();

/** The stylish report (no colour) of the page's docs.bad; computed once per rule and process. */
export function exampleOutput(doc: RuleDoc): string {
  let out = outputs.get(doc.id);
  if (out === undefined) {
    const run = runExample(doc, "bad");
    out = formatStylish(run.result, { cwd: run.cwd, color: false });
    outputs.set(doc.id, out);
  }
  return out;
}
