/**
 * Linting as a library: find the configurations under the given paths,
 * load each with its model, run the rules, return findings per file.
 */
import { existsSync, readdirSync, realpathSync, statSync, type Dirent } from "node:fs";
import { join, resolve } from "node:path";
import { rules as allRules } from "../rules/index.js";
import type { SourceFile } from "./ast/range.js";
import { detectKind, EXIM_FILE_NAMES, isDebianConfD, type ConfigKind } from "./detect.js";
import type { EximRule, Finding, PostfixRule, Rule } from "./engine/rule.js";
import { runEximRules, runPostfixRules } from "./engine/run.js";
import { defaultSettings, type LintSettings } from "./engine/settings.js";
import { Severity } from "./engine/severity.js";
import { InputError } from "./errors.js";
import { describeFsError } from "./io/read-config.js";
import { loadPostfix, type ListedFile, type PostfixDirListing } from "./model/postfix/config.js";
import { configForPath, isIgnored } from "./engine/config.js";
import { applySuppressions } from "./engine/suppress.js";
import { isInside } from "./io/paths.js";
import { lintEximTarget } from "./lint-exim.js";

export interface LintTarget {
  kind: ConfigKind;
  /** A Postfix config dir, an Exim file, or a Debian conf.d dir. */
  path: string;
  /** For a Postfix dir the directory search found: what its listing showed of main.cf and master.cf (see loadPostfix). */
  listing?: PostfixDirListing;
}

export interface FileResult {
  path: string;
  kind: ConfigKind;
  /**
   * The file's text, to place and show findings. lintProject keeps it only
   * for files with findings: a fleet of a thousand hosts would otherwise hold
   * every file it read until the report is written.
   */
  source?: SourceFile;
  findings: Finding[];
  /** In a fleet run (src/fleet/), the host the file belongs to. */
  host?: string;
}

export interface LintSummary {
  errors: number;
  warnings: number;
  infos: number;
}

export interface LintResult {
  files: FileResult[];
  summary: LintSummary;
}

export interface LintOptions {
  kind?: ConfigKind;
  settings?: LintSettings;
  /** Restrict to these rule ids (tests). */
  ruleIds?: string[];
}

const SKIP_DIRS = new Set(["node_modules", ".git"]);

/**
 * Turn user paths into lint targets. A directory that is itself a Postfix
 * config dir or a Debian conf.d is one target; any other directory is
 * searched for main.cf/master.cf dirs, Exim files and conf.d dirs.
 */
export function discoverTargets(paths: string[], kind?: ConfigKind): LintTarget[] {
  const targets: LintTarget[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      throw new InputError(p, describeFsError(e));
    }
    if (kind) {
      targets.push({ kind, path: p });
      continue;
    }
    if (!st.isDirectory()) {
      targets.push({ kind: detectKind(p), path: p });
      continue;
    }
    if (isPostfixDir(p) || isDebianConfD(p)) {
      targets.push({ kind: isPostfixDir(p) ? "postfix" : "exim", path: p });
      continue;
    }
    const found = searchTree(p);
    if (found.length === 0) throw new InputError(p, "found no Postfix or Exim configuration under this directory");
    targets.push(...found);
  }
  return targets;
}

function isPostfixDir(dir: string): boolean {
  return existsSync(join(dir, "main.cf")) || existsSync(join(dir, "master.cf"));
}

/**
 * Symbolic links to directories are followed only where they lead inside
 * `dir`, after the directories themselves (so a file is named by its own
 * path, not by a link to it), and each real directory is searched once: a
 * link back to a parent (a loop) or out to / cannot make the search
 * endless. Other entries are judged by their name only; FIFOs and devices
 * among them are refused when read (src/io/read-config.ts), never opened here.
 */
function searchTree(dir: string): LintTarget[] {
  const out: LintTarget[] = [];
  const root = realpathSync(dir);
  const searched = new Set<string>();
  const linked: [string, string][] = [];
  const walk = (d: string, real: string) => {
    if (searched.has(real)) return;
    searched.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch (e) {
      // Unreadable: judged by stat alone, as before any listing (the error is still reported below).
      if (isPostfixDir(d)) out.push({ kind: "postfix", path: d });
      if (isDebianConfD(d)) {
        out.push({ kind: "exim", path: d });
        return;
      }
      throw new InputError(d, describeFsError(e));
    }
    // The listing answers most questions a stat would (a fleet search asks them of every host
    // directory); links and file systems that do not report types are still asked by stat.
    const listed = new Map(entries.map((e) => [e.name, e]));
    const listedFile = (name: string): ListedFile => {
      const e = listed.get(name);
      if (e === undefined) return "absent";
      if (e.isFile()) return "file";
      return e.isDirectory() || existsSync(join(d, name)) ? "other" : "absent";
    };
    const mainCf = listedFile("main.cf");
    const masterCf = listedFile("master.cf");
    if (mainCf !== "absent" || masterCf !== "absent") out.push({ kind: "postfix", path: d, listing: { mainCf, masterCf } });
    if (listed.has("main") && isDebianConfD(d)) {
      out.push({ kind: "exim", path: d });
      return;
    }
    for (const name of [...listed.keys()].sort()) {
      const entry = listed.get(name)!;
      const p = join(d, name);
      const eximName = EXIM_FILE_NAMES.has(name) || (name.endsWith(".template") && name.startsWith("exim"));
      if (entry.isFile()) {
        if (eximName) out.push({ kind: "exim", path: p });
        continue;
      }
      let st;
      try {
        st = entry.isDirectory() ? entry : statSync(p);
      } catch (e) {
        // A dangling or looping link: fatal only where it stands for a configuration file.
        if (eximName) throw new InputError(p, describeFsError(e));
        continue;
      }
      if (st.isDirectory()) {
        if (SKIP_DIRS.has(name)) continue;
        let target: string;
        try {
          // A directory listed as one (not a link) is where its parent is.
          target = entry.isDirectory() ? join(real, name) : realpathSync(p);
        } catch {
          continue;
        }
        if (!isInside(root, target)) continue;
        if (target === join(real, name)) walk(p, target);
        else linked.push([p, target]);
      } else if (eximName) {
        out.push({ kind: "exim", path: p });
      }
    }
  };
  walk(dir, root);
  for (let i = 0; i < linked.length; i++) walk(...linked[i]!);
  return out;
}

export function selectRules(kind: ConfigKind, ruleIds?: string[]): Rule[] {
  return Object.values(allRules).filter((r) => r.meta.kind === kind && (!ruleIds || ruleIds.includes(r.meta.id)));
}

export function lintTarget(target: LintTarget, options: LintOptions = {}): FileResult[] {
  const settings = options.settings ?? defaultSettings();
  if (target.kind === "postfix") {
    const config = loadPostfix(target.path, target.listing);
    const findings = runPostfixRules(config, selectRules("postfix", options.ruleIds) as PostfixRule[], settings);
    const sources = [config.mainCf?.source, config.masterCf?.source].filter((s): s is SourceFile => s !== undefined);
    return groupByFile(findings, sources, "postfix");
  }
  const { findings, sources } = lintEximTarget(target.path, selectRules("exim", options.ruleIds) as EximRule<string, unknown>[], settings);
  return groupByFile(findings, sources, "exim");
}

/** One result per file that was read (files without findings included), findings grouped by their file. */
function groupByFile(findings: Finding[], sources: SourceFile[], kind: ConfigKind): FileResult[] {
  const byPath = new Map<string, FileResult>();
  for (const s of sources) byPath.set(s.path, { path: s.path, kind, source: s, findings: [] });
  for (const f of findings) {
    let r = byPath.get(f.range.file);
    if (!r) {
      r = { path: f.range.file, kind, findings: [] };
      byPath.set(f.range.file, r);
    }
    r.findings.push(f);
  }
  return [...byPath.values()];
}

export function lint(paths: string[], options: LintOptions = {}): LintResult {
  const files: FileResult[] = [];
  const seen = new Set<string>();
  for (const t of discoverTargets(paths, options.kind)) {
    for (const r of lintTarget(t, options)) {
      const key = resolve(r.path);
      if (seen.has(key)) continue;
      seen.add(key);
      files.push(r);
    }
  }
  return { files, summary: summarize(files) };
}

export interface LintProjectOptions {
  kind?: ConfigKind;
  /** Use this configuration file instead of the nearest .mtalint.json of each path. */
  configFile?: string;
  /** Settings that override the configuration file's (command-line flags). */
  settings?: Partial<LintSettings>;
  reportUnusedDisables?: boolean;
  ruleIds?: string[];
}

/**
 * Lint as `mtalint lint` does: each path with the .mtalint.json found for it
 * (or `configFile`), ignore globs applied to the targets and to the files
 * read, disable comments applied last.
 */
export function lintProject(paths: string[], options: LintProjectOptions = {}): LintResult {
  const files: FileResult[] = [];
  const seen = new Set<string>();
  const ruleIds = options.ruleIds;
  for (const path of paths) {
    const found = configForPath(path, options.configFile);
    const config = options.settings ? { ...found, settings: { ...found.settings, ...options.settings } } : found;
    const suppression = { reportUnused: options.reportUnusedDisables === true, settings: config.settings, ...(ruleIds ? { ruleIds } : {}) };
    for (const target of discoverTargets([path], options.kind)) {
      if (isIgnored(config, target.path)) continue;
      const group: FileResult[] = [];
      for (const r of lintTarget(target, { settings: config.settings, ...(ruleIds ? { ruleIds } : {}) })) {
        const key = resolve(r.path);
        if (seen.has(key) || isIgnored(config, r.path)) continue;
        seen.add(key);
        group.push(r);
      }
      // Disable comments act within their own file, so each target is settled as soon as it is
      // linted; the text of a file left without findings is then let go (see FileResult.source).
      for (const r of applySuppressions({ files: group, summary: summarize(group) }, suppression).files) {
        files.push(r.findings.length > 0 ? r : withoutSource(r));
      }
    }
  }
  return { files, summary: summarize(files) };
}

function withoutSource(r: FileResult): FileResult {
  if (r.source === undefined) return r;
  const { source: _, ...rest } = r;
  return rest;
}

export function summarize(files: FileResult[]): LintSummary {
  const s: LintSummary = { errors: 0, warnings: 0, infos: 0 };
  for (const f of files) {
    for (const x of f.findings) {
      if (x.severity === Severity.Error) s.errors++;
      else if (x.severity === Severity.Warning) s.warnings++;
      else s.infos++;
    }
  }
  return s;
}

