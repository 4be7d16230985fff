import type { Range } from "./ast/range.js";
import type { Severity } from "./engine/severity.js";

/**
 * A problem found while reading or parsing a config (syntax errors, bad
 * includes...). Lint rules turn these into findings with ids such as
 * `postfix/syntax` and `exim/syntax`.
 */
export interface Diagnostic {
  /** Stable id, e.g. "postfix/syntax", "exim/include-outside-root". */
  code: string;
  severity: Severity;
  message: string;
  /** Which problem, for choosing a fix (e.g. "missing-equals", "orphan-line"). */
  detail?: string;
  range: Range;
  /** For text that came through an include or a macro: how it got here, outermost first. */
  via?: string[];
}
