/**
 * Everything mtalint does with a configuration held in memory, in one call
 * per MTA: parse, build the model, run every rule, simulate the standard
 * relay probes and print (postconf -n/-nx/-P, exim -bP, ACLs). The fuzz
 * properties call these and check what comes back; none of it may throw.
 * Also: the range invariant every diagnostic and finding must satisfy.
 */
import { rules } from "../../rules/index.js";
import { parseMainCf } from "../../src/ast/postfix-main.js";
import { parseMasterCf } from "../../src/ast/postfix-master.js";
import { SourceFile, type Range } from "../../src/ast/range.js";
import type { Diagnostic } from "../../src/diagnostics.js";
import type { EximRule, Finding, PostfixRule } from "../../src/engine/rule.js";
import { runEximRules, runPostfixRules } from "../../src/engine/run.js";
import { defaultSettings } from "../../src/engine/settings.js";
import { InputError } from "../../src/errors.js";
import { parseExim, type EximLoadResult } from "../../src/exim/api.js";
import { printAcl, printAllMainOptions, printNamedList } from "../../src/model/exim/print.js";
import { buildPostfixConfig, knownParameterNames, type PostfixConfig } from "../../src/model/postfix/config.js";
import { printNonDefault, printParameters, printServiceOverrides } from "../../src/model/postfix/print.js";
import { simulateEximRelay } from "../../src/relay/exim/simulate.js";
import { probe, type ProbeName } from "../../src/relay/probes.js";
import { simulatePostfixRelay } from "../../src/relay/postfix/simulate.js";
import type { RelayVerdict } from "../../src/relay/types.js";

export const POSTFIX_DIR = "/virtual/postfix";
export const EXIM_FILE = "/etc/exim4/exim4.conf";

const postfixRules = Object.values(rules).filter((r): r is PostfixRule => r.meta.kind === "postfix");
const eximRules = Object.values(rules).filter((r) => r.meta.kind === "exim") as EximRule<string, unknown>[];
const PROBES: ProbeName[] = ["outside-to-remote", "outside-to-local", "local-to-remote", "sasl-to-remote"];

export interface PipelineResult {
  sources: SourceFile[];
  diagnostics: Diagnostic[];
  findings: Finding[];
  verdicts: RelayVerdict[];
}

export function postfixConfigOf(main: string | undefined, master: string | undefined, dir = POSTFIX_DIR): PostfixConfig {
  const m = main !== undefined ? parseMainCf(new SourceFile(`${dir}/main.cf`, main)) : undefined;
  const s = master !== undefined ? parseMasterCf(new SourceFile(`${dir}/master.cf`, master)) : undefined;
  return buildPostfixConfig(dir, m?.ast, s?.ast, [...(m?.diagnostics ?? []), ...(s?.diagnostics ?? [])]);
}

export function runPostfixPipeline(main: string | undefined, master: string | undefined): PipelineResult {
  const config = postfixConfigOf(main, master);
  const findings = runPostfixRules(config, postfixRules, defaultSettings());
  const verdicts: RelayVerdict[] = [];
  const services = [undefined, ...new Set((config.masterCf?.services ?? []).filter((s) => s.serviceType === "inet").map((s) => s.name))].slice(0, 3);
  for (const service of services) for (const p of PROBES) verdicts.push(simulatePostfixRelay(config, probe(p, "example.org", service)));
  printNonDefault(config);
  printNonDefault(config, true);
  printServiceOverrides(config);
  printServiceOverrides(config, true);
  printParameters(config, knownParameterNames(config).slice(0, 50), true);
  const sources = [config.mainCf?.source, config.masterCf?.source].filter((x): x is SourceFile => x !== undefined);
  return { sources, diagnostics: config.diagnostics, findings, verdicts };
}

/** Included files for `.include`: a path → text map; anything else is missing, as a real missing file is. */
export function memoryFs(files: Record<string, string>): (path: string) => SourceFile {
  return (path) => {
    if (!Object.hasOwn(files, path)) throw new InputError(path, "no such file or directory");
    return new SourceFile(path, files[path]!);
  };
}

export function runEximPipeline(text: string, includes: Record<string, string> = {}): PipelineResult & { loaded: EximLoadResult } {
  const loaded = parseExim(text, { path: EXIM_FILE, readFile: memoryFs(includes) });
  const findings = runEximRules({ ...loaded, path: EXIM_FILE }, eximRules, defaultSettings());
  const verdicts = PROBES.map((p) => simulateEximRelay(loaded.config, probe(p, "localhost")));
  printAllMainOptions(loaded.config, { hostname: "mx.example.org" });
  for (const acl of loaded.config.acls) printAcl(acl);
  for (const l of loaded.config.namedLists) printNamedList(loaded.config, l.name);
  return { sources: loaded.files, diagnostics: loaded.diagnostics, findings, verdicts, loaded };
}

/** Line and column of an offset counted directly from the text (not through SourceFile's index). */
function lineColumnOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * What is wrong with a range, or undefined: it names a file that was read,
 * 0 <= start <= end <= length, and the line/column every formatter prints
 * (SourceFile.lineColumn) is the one counted from the text, on a real line.
 */
export function rangeProblem(range: Range, sources: readonly SourceFile[]): string | undefined {
  const src = sources.find((s) => s.path === range.file);
  if (!src) return `names ${range.file}, which was not read`;
  const { start, end } = range;
  const len = src.text.length;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > len) {
    return `offsets [${start}, ${end}) outside [0, ${len}]`;
  }
  const lc = src.lineColumn(range);
  const s = lineColumnOf(src.text, start);
  const e = lineColumnOf(src.text, end);
  if (lc.line !== s.line || lc.column !== s.column || lc.endLine !== e.line || lc.endColumn !== e.column) {
    return `line/column ${JSON.stringify(lc)} but the text says ${s.line}:${s.column}-${e.line}:${e.column}`;
  }
  const lines = src.text.split("\n").length;
  if (lc.line > lines || lc.endLine > lines) return `line ${lc.endLine} beyond the file's ${lines} lines`;
  const lineLength = (n: number) => src.text.split("\n")[n - 1]!.length;
  if (lc.column > lineLength(lc.line) + 1 || lc.endColumn > lineLength(lc.endLine) + 1) return "column beyond the end of its line";
  return undefined;
}

/** Every diagnostic, finding and fix edit whose range breaks the invariant, described for a failure message. */
export function rangeViolations(r: PipelineResult): string[] {
  const out: string[] = [];
  const check = (what: string, range: Range) => {
    const p = rangeProblem(range, r.sources);
    if (p) out.push(`${what}: ${p}`);
  };
  for (const d of r.diagnostics) {
    // A conf.d part that could not be read has no text to point into.
    if (d.code === "exim/unreadable-file") continue;
    check(`diagnostic ${d.code} "${d.message}"`, d.range);
  }
  for (const f of r.findings) {
    check(`finding ${f.ruleId} "${f.message}"`, f.range);
    for (const e of f.fix.edits ?? []) check(`fix edit of ${f.ruleId}`, e.range);
  }
  for (const v of r.verdicts) {
    if (v.decidedBy) check(`relay verdict ${v.verdict} decidedBy`, v.decidedBy);
    for (const t of v.trace) if (t.range) check(`relay trace step ${t.list} ${t.element ?? ""}`, t.range);
  }
  return out;
}
