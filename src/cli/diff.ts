/** `mtalint diff BEFORE AFTER`: what an update changed in meaning, and whether it is a regression. */
import { Option, type Command } from "commander";
import { parseKind } from "../detect.js";
import { diffConfigs } from "../diff/index.js";
import { formatDiffJson } from "../diff/format/json.js";
import { formatDiffMarkdown } from "../diff/format/markdown.js";
import { formatDiffText } from "../diff/format/text.js";
import { UsageError } from "../errors.js";

interface DiffFlags {
  kind?: string;
  format: string;
  beforeVersion?: string;
  afterVersion?: string;
  ignore: string[];
  ignoreHostSpecific?: boolean;
  text?: boolean;
  regressionsOnly?: boolean;
  color: boolean;
}

const FORMATS = ["text", "json", "markdown"] as const;

export function registerDiff(program: Command): void {
  program
    .command("diff")
    .description("compare two configurations of the same MTA by meaning: settings, effective values, lint findings and relay verdicts")
    .argument("<before>", "Postfix config directory, main.cf or master.cf; Exim file or Debian conf.d directory")
    .argument("<after>", "the same kind of configuration, after the update (or the live server)")
    .option("--kind <kind>", "postfix or exim (default: detect)")
    .option("-f, --format <format>", `report format: ${FORMATS.join(", ")}`, "text")
    .option("--before-version <version>", "Postfix: judge BEFORE with this release's defaults (e.g. 3.5)")
    .option("--after-version <version>", "Postfix: judge AFTER with this release's defaults (e.g. 3.7)")
    .addOption(new Option("--ignore <names...>", "leave these parameter, option, macro or list names out (repeatable, or comma-separated)").argParser(collect).default([]))
    .option("--ignore-host-specific", "leave out host names, domains, interfaces, certificate paths and similar (see docs/diff.md)")
    .option("--text", "add a classic unified diff of the files")
    .option("--regressions-only", "exit 1 only for a regression (a relay opened, authenticated users refused, a fatal error)")
    .option("--no-color", "no colours in the text report")
    .action((before: string, after: string, flags: DiffFlags) => {
      process.exitCode = runDiff(before, after, flags);
    });
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(",").map((s) => s.trim()).filter(Boolean)];
}

/** --no-color, then NO_COLOR (no-color.org), then FORCE_COLOR, then whether stdout is a terminal. */
function useColor(flags: DiffFlags): boolean {
  const env = process.env;
  if (!flags.color) return false;
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  return process.stdout.isTTY === true && env.TERM !== "dumb";
}

function runDiff(before: string, after: string, flags: DiffFlags): number {
  const format = flags.format;
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be ${FORMATS.join(", ")}, not "${format}"`);
  const report = diffConfigs(before, after, {
    ...(flags.kind !== undefined ? { kind: parseKind(flags.kind) } : {}),
    ...(flags.beforeVersion !== undefined ? { beforeVersion: flags.beforeVersion } : {}),
    ...(flags.afterVersion !== undefined ? { afterVersion: flags.afterVersion } : {}),
    ignore: flags.ignore,
    ignoreHostSpecific: flags.ignoreHostSpecific === true,
    text: flags.text === true,
  });
  const cwd = process.cwd();
  const out =
    format === "json" ? formatDiffJson(report, { cwd }) : format === "markdown" ? formatDiffMarkdown(report, { cwd }) : formatDiffText(report, { cwd, color: useColor(flags) });
  process.stdout.write(out);
  if (flags.regressionsOnly) return report.regressions > 0 ? 1 : 0;
  return report.semanticDifference ? 1 : 0;
}
