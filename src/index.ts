/**
 * mtalint's library API. The CLI and most tests call only this.
 */
export { SourceFile, type Range, type Position, type LineColumnRange } from "./ast/range.js";
export type * from "./ast/postfix-nodes.js";
export { parseMainCf } from "./ast/postfix-main.js";
export { parseMasterCf } from "./ast/postfix-master.js";
export type { Diagnostic } from "./diagnostics.js";
export { Severity, parseSeverity, severityRank } from "./engine/severity.js";
export { InputError, UsageError } from "./errors.js";
export { detectKind, isDebianConfD, parseKind, type ConfigKind } from "./detect.js";
export {
  loadPostfix,
  buildPostfixConfig,
  withDefaults,
  isKnownParameter,
  explicitParameter,
  effectiveValue,
  expandedValue,
  expandValue,
  rawValue,
  defaultValue,
  knownParameterNames,
  type PostfixConfig,
  type EffectiveValue,
  type ValueSource,
} from "./model/postfix/config.js";
export { expand, referencedNames, compareLevels } from "./model/postfix/expand.js";
export { builtinParameter, builtinParameterNames, KNOWLEDGE_POSTFIX_VERSION } from "./model/postfix/parameters.js";
export { printNonDefault, printParameters, printServiceOverrides, formatLine } from "./model/postfix/print.js";
export { loadExim, parseExim, type EximConfig, type EximLoadOptions, type EximLoadResult } from "./exim/api.js";
export {
  lint,
  lintProject,
  lintTarget,
  discoverTargets,
  summarize,
  type FileResult,
  type LintOptions,
  type LintProjectOptions,
  type LintResult,
  type LintSummary,
  type LintTarget,
} from "./lint.js";
export type { Finding, Fix, Rule, RuleDocs, RuleMeta, TextEdit } from "./engine/rule.js";
export type { LintSettings } from "./engine/settings.js";
export { rules } from "../rules/index.js";
export { simulateRelay, verdictLine, type RelayRun, type RelayScenario, type RelayVerdict, type TraceStep, type VerdictKind } from "./relay/index.js";
export { diffConfigs, type DiffOptions } from "./diff/index.js";
export { FORMATS, formatReport, parseFormat, type FormatName, type FormatOptions } from "./format/index.js";
export { lintFleet, lintFleetParallel, type FleetLintOptions, type FleetResult, type Host, type HostConfig, type HostResult } from "./fleet/index.js";
export { formatFleetReport } from "./fleet/format/index.js";
export {
  explainLines,
  explainLog,
  explainStream,
  explainExitCode,
  formatExplainJson,
  formatExplainText,
  loadTarget,
  parseLogLine,
  CAUSES,
  type CauseId,
  type ExplainReport,
  type ExplainTarget,
} from "./explain/index.js";
