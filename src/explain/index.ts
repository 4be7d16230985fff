/**
 * `mtalint explain` as a library: explain the rejections of a mail log
 * against a configuration, by replaying each through the relay simulator.
 */
import type { Readable } from "node:stream";
import { readLines } from "./read-lines.js";
import { Explainer, type ExplainOptions, type ExplainReport } from "./report.js";
import { loadTarget, type ExplainTarget, type TargetOptions } from "./replay.js";

export { CAUSES, type CauseId, type Explanation, type AgreementState } from "./causes.js";
export { parseLogLine } from "./log-line.js";
export { parsePrefix, type LogPrefix } from "./log-prefix.js";
export type { LogEvent, LoggedRejection, LoggedReply, ParsedLine } from "./log-events.js";
export { Explainer, type ExplainOptions, type ExplainReport, type Group, type Example, type LineCounts, type RejectionCounts } from "./report.js";
export { loadTarget, type ExplainTarget, type TargetOptions } from "./replay.js";
export { readLines, readFileLines, MAX_LINE_BYTES } from "./read-lines.js";
export { explainExitCode, formatExplainJson, formatExplainText } from "./format.js";

/** Explains every line of a stream (read line by line; the log is never held in memory whole). */
export async function explainStream(target: ExplainTarget, input: Readable, options: ExplainOptions = {}): Promise<ExplainReport> {
  const ex = new Explainer(target, options);
  for await (const line of readLines(input)) ex.push(line.text, line.tooLong);
  return ex.finish();
}

/** Explains log lines held in memory (a pasted line, tests). */
export function explainLines(target: ExplainTarget, lines: Iterable<string>, options: ExplainOptions = {}): ExplainReport {
  const ex = new Explainer(target, options);
  for (const line of lines) ex.push(line);
  return ex.finish();
}

/** Loads the configuration at `path` and explains the lines. */
export function explainLog(path: string, lines: Iterable<string>, options: ExplainOptions & TargetOptions = {}): ExplainReport {
  return explainLines(loadTarget(path, options), lines, options);
}
