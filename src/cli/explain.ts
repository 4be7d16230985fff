/** `mtalint explain PATH (LINE | --log FILE|-)`: why the MTA refused what a mail log shows, by replaying it against the configuration. */
import { createReadStream, statSync } from "node:fs";
import type { Readable } from "node:stream";
import type { Command } from "commander";
import { parseKind } from "../detect.js";
import { InputError, UsageError } from "../errors.js";
import { explainExitCode, explainLines, explainStream, formatExplainJson, formatExplainText, loadTarget } from "../explain/index.js";
import type { ExplainReport } from "../explain/report.js";
import { describeFsError } from "../io/read-config.js";
import { POSTFIX_RELEASES } from "../model/drift/postfix.js";
import { checkRelease } from "./lint.js";

interface ExplainFlags {
  log?: string;
  format: string;
  details?: boolean;
  top: string;
  kind?: string;
  thisHost?: boolean;
  postfixVersion?: string;
}

export function registerExplain(program: Command): void {
  program
    .command("explain")
    .description("explain rejections in a mail log (\"554 5.7.1 Relay access denied\"): replay each against the configuration and say which setting refused it, why, and the fix")
    .argument("<path>", "the Postfix config directory, main.cf or master.cf, or the Exim file or Debian conf.d directory, that wrote the log")
    .argument("[line]", "one log line to explain (quote it); or use --log")
    .option("--log <file>", "read the log from this file, or - for standard input (read line by line, any size)")
    .option("--format <format>", "text or json", "text")
    .option("--details", "text: show every example rejection of a group with its notes (default: the first)")
    .option("--top <n>", "how many clients and recipients to list per group", "5")
    .option("--kind <kind>", "postfix or exim (default: detect)")
    .option("--this-host", "the configuration runs on this machine: an unset mynetworks means this machine's networks")
    .option("--postfix-version <x.y>", "judge with the defaults of this Postfix release (default: those of the knowledge base, 3.7)")
    .action(async (path: string, line: string | undefined, flags: ExplainFlags) => {
      if (flags.format !== "text" && flags.format !== "json") throw new UsageError(`--format must be text or json, not "${flags.format}"`);
      const top = Number(flags.top);
      if (!Number.isInteger(top) || top < 1) throw new UsageError(`--top must be a positive whole number, not "${flags.top}"`);
      if (line !== undefined && flags.log !== undefined) throw new UsageError("give either a log line or --log, not both");
      if (line === undefined && flags.log === undefined) throw new UsageError("give a log line to explain, or --log FILE (- for standard input)");
      const postfixVersion = flags.postfixVersion !== undefined ? checkRelease("--postfix-version", flags.postfixVersion, POSTFIX_RELEASES) : undefined;
      const target = loadTarget(path, {
        ...(flags.kind ? { kind: parseKind(flags.kind) } : {}),
        ...(postfixVersion ? { postfixVersion } : {}),
        ...(flags.thisHost ? { thisHost: true } : {}),
      });
      let report: ExplainReport;
      if (line !== undefined) {
        report = explainLines(target, line.split(/\r?\n/), { top, examples: 3 });
        if (report.rejections.total === 0) throw new UsageError("the line is not a Postfix or Exim rejection that mtalint can read (a NOQUEUE: reject: line, or an Exim \"rejected RCPT\" line)");
      } else {
        report = await readLog(flags.log!, (input) => explainStream(target, input, { top, examples: 3 }));
      }
      process.stdout.write(flags.format === "json" ? formatExplainJson(report) : formatExplainText(report, { details: flags.details === true }));
      process.exitCode = explainExitCode(report);
    });
}

/** The log as a stream; a file read error (permission, a directory) is an input error, not a crash. */
function openLog(file: string): Readable {
  if (file === "-") return process.stdin;
  try {
    if (statSync(file).isDirectory()) throw new InputError(file, "is a directory, not a log file");
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(file, describeFsError(e));
  }
  return createReadStream(file, { highWaterMark: 1 << 20 });
}

/** A read error part way (permission, I/O) is an input error with the file name, not a crash. */
async function readLog(file: string, run: (input: Readable) => Promise<ExplainReport>): Promise<ExplainReport> {
  try {
    return await run(openLog(file));
  } catch (e) {
    if (e instanceof Error && "code" in e && typeof (e as NodeJS.ErrnoException).syscall === "string") throw new InputError(file, describeFsError(e));
    throw e;
  }
}
