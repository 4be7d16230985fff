/** Exim side of linting: load the configuration (with its includes) and run the Exim rules on it. */
import type { SourceFile } from "./ast/range.js";
import type { EximRule, Finding } from "./engine/rule.js";
import { runEximRules } from "./engine/run.js";
import type { LintSettings } from "./engine/settings.js";
import { loadExim, type EximLoadResult } from "./exim/api.js";

/** What Exim rules receive as their config: the model, what loading it found, and the path linted. */
export type EximLintInput = EximLoadResult & { path: string };

export function lintEximTarget(
  path: string,
  rules: EximRule<string, unknown>[],
  settings: LintSettings,
): { findings: Finding[]; sources: SourceFile[] } {
  const loaded: EximLintInput = { ...loadExim(path), path };
  const findings = runEximRules<EximLintInput>(loaded, rules as EximRule<string, EximLintInput>[], settings);
  // Debian's generated macro block is not a file on disk: findings never point there.
  return { findings, sources: loaded.files };
}
