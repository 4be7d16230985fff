/** `mtalint lint PATH...`: find configs, lint them, print a report, set the exit code. */
import { writeFileSync } from "node:fs";
import { Option, type Command } from "commander";
import { parseKind } from "../detect.js";
import { ruleDocs } from "../docs/catalog.js";
import { resolveRuleId, unknownRuleMessage } from "../engine/config.js";
import type { LintSettings } from "../engine/settings.js";
import { parseSeverity, severityRank, type Severity } from "../engine/severity.js";
import { UsageError } from "../errors.js";
import { FORMATS, formatReport, parseFormat } from "../format/index.js";
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
    .action((paths: string[], flags: LintFlags) => {
      process.exitCode = runLint(paths, flags, program.version() ?? "0.0.0");
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

function runLint(paths: string[], flags: LintFlags, version: string): number {
  const format = parseFormat(flags.format);
  const failOn: Severity | undefined = parseSeverity(flags.failOn);
  if (failOn === undefined) throw new UsageError(`--fail-on must be error, warning or info, not "${flags.failOn}"`);
  const maxWarnings = parseMaxWarnings(flags.maxWarnings);
  const ruleIds = parseRuleIds(flags.rule);
  const result = lintPaths(paths, flags, ruleIds);
  const report = formatReport(format, result, { cwd: process.cwd(), color: useColor(flags), rules: ruleDocs(), toolVersion: version });
  if (flags.output !== undefined) {
    try {
      writeFileSync(flags.output, report);
    } catch (e) {
      throw new UsageError(`cannot write the report to ${flags.output}: ${describeFsError(e)}`);
    }
  } else {
    process.stdout.write(report);
  }
  const failing = result.files.some((f) => f.findings.some((x) => severityRank(x.severity) >= severityRank(failOn)));
  if (failing) return 1;
  if (maxWarnings !== undefined && result.summary.warnings > maxWarnings) {
    process.stderr.write(`mtalint: ${result.summary.warnings} warnings, more than --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return 0;
}
