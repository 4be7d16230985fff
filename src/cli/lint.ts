/** `mtalint lint PATH...`: find configs, lint them, print a report, set the exit code. */
import { closeSync, openSync, writeSync } from "node:fs";
import { Option, type Command } from "commander";
import { parseKind } from "../detect.js";
import { ruleDocs } from "../docs/catalog.js";
import { resolveRuleId, unknownRuleMessage } from "../engine/config.js";
import type { LintSettings } from "../engine/settings.js";
import { parseSeverity, severityRank, type Severity } from "../engine/severity.js";
import { UsageError } from "../errors.js";
import { FORMATS, parseFormat, writeFormattedReport, type FormatName } from "../format/index.js";
import type { Sink } from "../format/stream.js";
import { hasInputErrors, HOSTS_PER_WORKER, lintFleetParallel, MAX_AUTO_JOBS, type FleetResult } from "../fleet/index.js";
import { formatFleetReport } from "../fleet/format/index.js";
import { describeFsError } from "../io/read-config.js";
import { EXIM_RELEASES } from "../model/drift/exim.js";
import { POSTFIX_RELEASES } from "../model/drift/postfix.js";
import { isVersion, releaseLine } from "../model/drift/version.js";
import { lintProject, type LintResult } from "../lint.js";

interface LintFlags {
  kind?: string;
  format: string;
  output?: string;
  failOn: string;
  maxWarnings?: string;
  color: boolean;
  config?: string;
  reportUnusedDisables?: boolean;
  rule: string[];
  postfixVersion?: string;
  eximVersion?: string;
  fromVersion?: string;
  fleet?: boolean;
  jobs?: string;
}

export function registerLint(program: Command): void {
  program
    .command("lint")
    .description("lint Postfix and Exim configurations (the default command: `mtalint PATH...` means `mtalint lint PATH...`)")
    .argument("<paths...>", "Postfix config directories or files, Exim files, Debian conf.d directories, or directories to search")
    .option("--kind <kind>", "postfix or exim (default: detect)")
    .option("-f, --format <format>", `report format: ${FORMATS.join(", ")}`, "stylish")
    .option("-o, --output <file>", "write the report to this file instead of standard output")
    .option("--fail-on <severity>", "exit 1 when a finding is at least this severe: error, warning or info", "error")
    .option("--max-warnings <n>", "exit 1 when there are more than this many warnings")
    .option("--no-color", "no colours in the stylish report")
    .option("-c, --config <file>", "use this configuration file instead of the nearest .mtalint.json")
    .option("--report-unused-disables", "report mtalint-disable comments that suppress nothing")
    .option("--postfix-version <x.y>", "the Postfix release the configuration will run on (default: implied by compatibility_level, else the latest known)")
    .option("--exim-version <x.yy>", "the Exim release the configuration will run on (default: implied by a Debian layout, else the latest known)")
    .option("--from-version <x.y>", "the release the configuration ran on before, to report defaults that changed under it")
    .addOption(new Option("--rule <id>", "run only this rule (repeatable, or comma-separated)").argParser(collect).default([], "all rules"))
    .option("--fleet", "each path is a fleet directory: every subdirectory is one host, linted on its own, with a per-host summary (docs/fleet.md)")
    .option("-j, --jobs <n>", `with --fleet: lint hosts in this many worker threads, or "auto" (one per CPU, up to ${MAX_AUTO_JOBS}, one per ${HOSTS_PER_WORKER} hosts)`, "1")
    .action(async (paths: string[], flags: LintFlags) => {
      const version = program.version() ?? "0.0.0";
      process.exitCode = flags.fleet ? await runFleet(paths, flags, version) : runLint(paths, flags, version);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(",").map((s) => s.trim()).filter(Boolean)];
}

function parseRuleIds(ids: string[]): string[] | undefined {
  if (ids.length === 0) return undefined;
  return ids.map((id) => {
    const canonical = resolveRuleId(id);
    if (canonical === undefined) throw new UsageError(`--rule: ${unknownRuleMessage(id)}`);
    return canonical;
  });
}

function parseMaxWarnings(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`--max-warnings must be a whole number, not "${text}"`);
  return Number(text);
}

/** --no-color, then NO_COLOR (no-color.org), then FORCE_COLOR, then whether stdout is a terminal. */
function useColor(flags: LintFlags): boolean {
  const env = process.env;
  if (!flags.color) return false;
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  return flags.output === undefined && process.stdout.isTTY === true && env.TERM !== "dumb";
}

function lintPaths(paths: string[], flags: LintFlags, ruleIds: string[] | undefined): LintResult {
  return lintProject(paths, {
    ...(flags.kind !== undefined ? { kind: parseKind(flags.kind) } : {}),
    ...(flags.config !== undefined ? { configFile: flags.config } : {}),
    settings: versionSettings(flags),
    reportUnusedDisables: flags.reportUnusedDisables === true,
    ...(ruleIds ? { ruleIds } : {}),
  });
}

/** The version flags, which override postfixVersion/eximVersion/fromVersion of .mtalint.json. */
function versionSettings(flags: LintFlags): Partial<LintSettings> {
  return {
    ...(flags.postfixVersion !== undefined ? { postfixVersion: checkRelease("--postfix-version", flags.postfixVersion, POSTFIX_RELEASES) } : {}),
    ...(flags.eximVersion !== undefined ? { eximVersion: checkRelease("--exim-version", flags.eximVersion, EXIM_RELEASES) } : {}),
    ...(flags.fromVersion !== undefined ? { fromVersion: checkRelease("--from-version", flags.fromVersion, [...POSTFIX_RELEASES, ...EXIM_RELEASES]) } : {}),
  };
}

export function checkRelease(flag: string, text: string, known: readonly string[]): string {
  if (!isVersion(text) || !known.includes(releaseLine(text))) {
    throw new UsageError(`${flag} must be a release mtalint knows (${known[0]} to ${known[known.length - 1]}), not "${text}"`);
  }
  return releaseLine(text);
}

interface Checked {
  format: FormatName;
  failOn: Severity;
  maxWarnings: number | undefined;
  ruleIds: string[] | undefined;
}

/** The flags every lint run checks before reading anything. */
function checkFlags(flags: LintFlags): Checked {
  const format = parseFormat(flags.format);
  const failOn: Severity | undefined = parseSeverity(flags.failOn);
  if (failOn === undefined) throw new UsageError(`--fail-on must be error, warning or info, not "${flags.failOn}"`);
  return { format, failOn, maxWarnings: parseMaxWarnings(flags.maxWarnings), ruleIds: parseRuleIds(flags.rule) };
}

function runLint(paths: string[], flags: LintFlags, version: string): number {
  if (flags.jobs !== undefined && flags.jobs !== "1") throw new UsageError("--jobs applies to --fleet runs only");
  const { format, failOn, maxWarnings, ruleIds } = checkFlags(flags);
  const result = lintPaths(paths, flags, ruleIds);
  const options = { cwd: process.cwd(), color: useColor(flags), rules: ruleDocs(), toolVersion: version };
  writeReport((sink) => writeFormattedReport(format, result, options, sink), flags, format);
  return exitCode(result, failOn, maxWarnings);
}

/** --jobs: a whole number from 1, or "auto". */
export function parseJobs(text: string | undefined): number | "auto" {
  if (text === undefined) return 1;
  if (text === "auto") return "auto";
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`--jobs must be a whole number from 1, or auto, not "${text}"`);
  return Number(text);
}

/**
 * `mtalint lint --fleet DIR...`: every host linted, however many fail to
 * read; exit 2 when any host could not be read, else as for lint.
 */
async function runFleet(paths: string[], flags: LintFlags, version: string): Promise<number> {
  const { format, failOn, maxWarnings, ruleIds } = checkFlags(flags);
  const jobs = parseJobs(flags.jobs);
  const options = {
    ...(flags.kind !== undefined ? { kind: parseKind(flags.kind) } : {}),
    ...(flags.config !== undefined ? { configFile: flags.config } : {}),
    settings: versionSettings(flags),
    reportUnusedDisables: flags.reportUnusedDisables === true,
    ...(ruleIds ? { ruleIds } : {}),
  };
  // Workers run this same entry script again (bin.js, or the single-file mtalint.cjs); see src/fleet/worker.ts.
  const result: FleetResult = await lintFleetParallel(paths, options, { jobs, entry: process.argv[1] ?? "" });
  const formatOptions = { cwd: process.cwd(), color: useColor(flags), rules: ruleDocs(), toolVersion: version };
  writeReport((sink) => sink(formatFleetReport(format, result, formatOptions)), flags, format);
  for (const host of result.hosts) for (const e of host.inputErrors) process.stderr.write(`mtalint: host ${host.name}: ${e}\n`);
  const code = exitCode(result, failOn, maxWarnings);
  return hasInputErrors(result) ? 2 : code;
}

/**
 * Write the report as `produce` hands it over, chunk by chunk, to --output or standard output. A report
 * too long for one JavaScript string (only stylish, github and fleet reports are built as one) is a
 * one-line error, exit 2.
 */
export function writeReport(produce: (sink: Sink) => void, flags: Pick<LintFlags, "output">, format: FormatName): void {
  const output = flags.output;
  let fd: number | undefined;
  // The file is opened at the first chunk: a report that cannot be made leaves no file behind.
  const open = (path: string): number => {
    try {
      return (fd ??= openSync(path, "w"));
    } catch (e) {
      throw new UsageError(`cannot write the report to ${path}: ${describeFsError(e)}`);
    }
  };
  const sink: Sink =
    output === undefined
      ? (chunk) => void process.stdout.write(chunk)
      : (chunk) => {
          const to = open(output);
          try {
            writeAll(to, chunk);
          } catch (e) {
            throw new UsageError(`cannot write the report to ${output}: ${describeFsError(e)}`);
          }
        };
  try {
    produce(sink);
    if (output !== undefined) open(output);
  } catch (e) {
    if (e instanceof RangeError && /string length/i.test(e.message)) {
      throw new UsageError(`the ${format} report is too large to build as one string; --format json and --format sarif are written piece by piece`);
    }
    throw e;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function writeAll(fd: number, chunk: string): void {
  const bytes = Buffer.from(chunk);
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
}

function exitCode(result: LintResult, failOn: Severity, maxWarnings: number | undefined): number {
  const failing = result.files.some((f) => f.findings.some((x) => severityRank(x.severity) >= severityRank(failOn)));
  if (failing) return 1;
  if (maxWarnings !== undefined && result.summary.warnings > maxWarnings) {
    process.stderr.write(`mtalint: ${result.summary.warnings} warnings, more than --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return 0;
}
