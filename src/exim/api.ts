/**
 * Library API for Exim configurations: what the CLI, lint rules, the relay
 * simulator and diff mode call.
 */
import { statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { eximAstBuilder, emptyEximConfig } from "../ast/exim-ast.js";
import type { EximConfig } from "../ast/exim-nodes.js";
import { SourceFile } from "../ast/range.js";
import type { Diagnostic } from "../diagnostics.js";
import { isDebianConfD } from "../detect.js";
import { Severity } from "../engine/severity.js";
import { InputError } from "../errors.js";
import { describeFsError, readConfigFile } from "../io/read-config.js";
import { checkEximConfig } from "../model/exim/check.js";
import { eximBuiltinMacros } from "../model/exim/options.js";
import { debianLayout } from "./debian.js";
import { preprocessExim } from "./preprocess.js";

export type { EximConfig } from "../ast/exim-nodes.js";
export { eximOptionValue, printAcl, printAllMainOptions, printMacro, printNamedList } from "../model/exim/print.js";

export interface EximLoadOptions {
  /** Includes must stay inside this directory. Default: the file's directory; for a conf.d, its parent (/etc/exim4). */
  root?: string;
  /** Macros as `exim -D NAME=VALUE` defines them. */
  defines?: Record<string, string>;
}

export interface EximLoadResult {
  config: EximConfig;
  diagnostics: Diagnostic[];
  /** Every file read, in reading order (for a Debian layout, also the generated macro block). */
  files: SourceFile[];
  /** "file", "template" (Debian exim4.conf.template) or "conf.d". */
  layout: "file" | "template" | "conf.d";
}

/**
 * Loads an Exim configuration file, a Debian exim4.conf.template, or a Debian
 * conf.d directory. Throws InputError only when `path` itself cannot be read.
 */
export function loadExim(path: string, opts: EximLoadOptions = {}): EximLoadResult {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (e) {
    throw new InputError(path, describeFsError(e));
  }
  const diagnostics: Diagnostic[] = [];
  if (isDir) {
    if (!isDebianConfD(path)) throw new InputError(path, "directory is not a Debian exim4 conf.d (main/, acl/, router/...)");
    const layout = debianLayout(path, "conf.d");
    const sources: SourceFile[] = [];
    for (const p of layout.sources) {
      try {
        sources.push(readConfigFile(p));
      } catch (e) {
        const reason = e instanceof InputError ? e.reason : String(e);
        diagnostics.push({ code: "exim/unreadable-file", severity: Severity.Error, message: `${p}: ${reason}`, range: { file: p, start: 0, end: 0 } });
      }
    }
    return finish(sources, { ...opts, root: opts.root ?? dirname(resolve(path)) }, diagnostics, "conf.d", layout.macros);
  }
  const top = readConfigFile(path);
  if (basename(path).endsWith(".template")) {
    const layout = debianLayout(path, "template");
    const sources = layout.sources.map((p) => (p === path ? top : readConfigFile(p)));
    return finish(sources, { ...opts, root: opts.root ?? dirname(resolve(path)) }, diagnostics, "template", layout.macros);
  }
  return finish([top], { ...opts, root: opts.root ?? dirname(resolve(path)) }, diagnostics, "file");
}

/** Parses configuration text held in memory (tests, editors). Includes are read with `readFile`. */
export function parseExim(
  text: string,
  opts: EximLoadOptions & { path?: string; readFile?: (path: string) => SourceFile } = {},
): EximLoadResult {
  const path = opts.path ?? "/virtual/exim.conf";
  return finish([new SourceFile(path, text)], { ...opts, root: opts.root ?? dirname(path) }, [], "file", undefined, opts.readFile);
}

function finish(
  sources: SourceFile[],
  opts: EximLoadOptions & { root: string },
  diagnostics: Diagnostic[],
  layout: EximLoadResult["layout"],
  macros?: SourceFile,
  readFile: (path: string) => SourceFile = readConfigFile,
): EximLoadResult {
  const config = emptyEximConfig();
  // Each logical line is built as the preprocessor completes it (the builder reads nothing the preprocessor sets).
  const built = eximAstBuilder(config);
  const pre = preprocessExim(sources, {
    root: opts.root,
    defines: opts.defines ?? {},
    builtinMacros: eximBuiltinMacros,
    readFile,
    onLine: built.line,
    ...(macros ? { insertAfter: { matches: (line: string) => line.startsWith("UPEX4CmacrosUPEX4C"), source: macros } } : {}),
  });
  built.end();
  config.macros = pre.macros;
  config.includes = pre.includes;
  diagnostics.push(...pre.diagnostics, ...built.diagnostics, ...checkEximConfig(config));
  return { config, diagnostics, files: pre.files, layout };
}
