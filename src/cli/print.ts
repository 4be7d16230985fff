/** `mtalint print`: the effective configuration, byte-identical to postconf / exim -bP. */
import type { Command } from "commander";
import { detectKind, parseKind, resolveEximPath } from "../detect.js";
import { Severity } from "../engine/severity.js";
import { UsageError } from "../errors.js";
import { configBytes } from "../io/encoding.js";
import { loadPostfix, printNonDefault, printParameters, printServiceOverrides, SourceFile, type Diagnostic } from "../index.js";
import { runPrintExim } from "./print-exim.js";

interface PrintOptions {
  expand?: boolean;
  services?: boolean;
  kind?: string;
  acl?: string;
  define: string[];
}

export function registerPrint(program: Command): void {
  program
    .command("print")
    .description(
      "print the effective configuration: for Postfix as postconf -n (-nx with --expand, -P with --services, NAME... with defaults); for Exim as exim -bP NAME...",
    )
    .argument("<path>", "Postfix config directory, main.cf or master.cf; Exim file or Debian conf.d directory")
    .argument("[names...]", "parameter/option names to print (defaults included)")
    .option("-x, --expand", "expand $name references (postconf -x)")
    .option("-P, --services", "print master.cf -o overrides per service (postconf -P)")
    .option("--kind <kind>", "postfix or exim (default: detect)")
    .option("--acl <name>", "Exim: print this ACL's statements, one per line")
    .option("-D, --define <name=value>", "Exim: define a macro as exim -D does (repeatable)", collect, [])
    .action((path: string, names: string[], opts: PrintOptions) => {
      const kind = opts.kind ? parseKind(opts.kind) : detectKind(path);
      process.exitCode = kind === "postfix" ? printPostfix(path, names, opts) : printExim(path, names, opts);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function printPostfix(path: string, names: string[], opts: PrintOptions): number {
  if (opts.acl || opts.define.length) throw new UsageError("--acl and --define apply to Exim configurations only");
  const config = loadPostfix(path);
  const sources = new Map<string, SourceFile>();
  if (config.mainCf) sources.set(config.mainCf.source.path, config.mainCf.source);
  if (config.masterCf) sources.set(config.masterCf.source.path, config.masterCf.source);
  let fatal = false;
  for (const d of config.diagnostics) {
    process.stderr.write(`mtalint: ${describe(d, sources)}\n`);
    if (d.severity === Severity.Error) fatal = true;
  }
  // postconf refuses a file with a syntax error; so do we.
  if (fatal) return 2;
  const result = opts.services
    ? printServiceOverrides(config, opts.expand)
    : names.length
      ? printParameters(config, names, opts.expand)
      : printNonDefault(config, opts.expand);
  // The bytes postconf would print: a non-UTF-8 (Latin-1) value is written back as it was read.
  process.stdout.write(configBytes(result.stdout));
  for (const w of result.warnings) process.stderr.write(`mtalint: warning: ${w}\n`);
  // A value that does not expand stops postconf -x with "macro processing error"; so does --expand.
  if (result.fatal) {
    process.stderr.write(`mtalint: a value does not expand (${result.fatal}); postconf -x stops with "macro processing error"\n`);
    return 2;
  }
  return "unknown" in result && Array.isArray(result.unknown) && result.unknown.length > 0 ? 1 : 0;
}

function printExim(path: string, names: string[], opts: PrintOptions): number {
  if (opts.services || opts.expand) throw new UsageError("--services and --expand apply to Postfix configurations only");
  const defines: Record<string, string> = {};
  for (const d of opts.define) {
    const eq = d.indexOf("=");
    if (eq <= 0) throw new UsageError(`--define expects NAME=VALUE, not "${d}"`);
    defines[d.slice(0, eq)] = d.slice(eq + 1);
  }
  const r = runPrintExim(resolveEximPath(path), names, { ...(opts.acl ? { acl: opts.acl } : {}), defines });
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  return r.exitCode;
}

function describe(d: Diagnostic, sources: Map<string, SourceFile>): string {
  const src = sources.get(d.range.file);
  const pos = src ? src.positionAt(d.range.start) : undefined;
  const where = pos ? `${d.range.file}:${pos.line}:${pos.column}` : d.range.file;
  return `${where}: ${d.severity}: ${d.message}`;
}
