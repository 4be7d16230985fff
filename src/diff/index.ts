/**
 * Diff mode as a library: load BEFORE and AFTER (same MTA), compare what they
 * mean, and return one report that the formatters in ./format render.
 */
import type { SourceFile } from "../ast/range.js";
import { detectKind, resolveEximPath, type ConfigKind } from "../detect.js";
import { UsageError } from "../errors.js";
import { loadExim } from "../exim/api.js";
import { loadPostfix, type PostfixConfig } from "../model/postfix/config.js";
import { classifyCosmetic } from "./cosmetic.js";
import { diffExim, neutralizeExim } from "./exim.js";
import { pairFiles } from "./files.js";
import { ignoredNames } from "./host-specific.js";
import { lintDelta } from "./lint-delta.js";
import { diffMasterCf } from "./postfix-master.js";
import { diffParameters, neutralizePostfix } from "./postfix.js";
import { eximRelayDelta, postfixRelayDelta, type RelayDeltaOptions } from "./relay-delta.js";
import type { DiffReport, LintDelta, RelayDeltaRow, SemanticChange } from "./types.js";
import { unifiedDiff } from "./unified.js";
import { atPostfixVersion, parsePostfixVersion, VERSION_NOTE } from "./versions.js";

export type * from "./types.js";
export { POSTFIX_HOST_SPECIFIC, EXIM_HOST_SPECIFIC } from "./host-specific.js";
export { regression, PROBES } from "./relay-delta.js";

export interface DiffOptions {
  /** Both sides are this kind (default: detect each and require the same). */
  kind?: ConfigKind;
  /** Postfix: judge BEFORE / AFTER with this release's defaults. */
  beforeVersion?: string;
  afterVersion?: string;
  /** Parameter, option, macro or named-list names to leave out. */
  ignore?: readonly string[];
  ignoreHostSpecific?: boolean;
  /** Add a classic unified diff of the files. */
  text?: boolean;
  relay?: RelayDeltaOptions;
}

const KIND_NAME: Record<ConfigKind, string> = { postfix: "a Postfix", exim: "an Exim" };

function sideKinds(beforePath: string, afterPath: string, kind: ConfigKind | undefined): ConfigKind {
  if (kind) return kind;
  const kb = detectKind(beforePath);
  const ka = detectKind(afterPath);
  if (kb !== ka) throw new UsageError(`BEFORE (${beforePath}) is ${KIND_NAME[kb]} configuration but AFTER (${afterPath}) is ${KIND_NAME[ka]} one; diff compares two configurations of the same MTA`);
  return kb;
}

interface Compared {
  changes: SemanticChange[];
  relay: RelayDeltaRow[];
  sources: [SourceFile[], SourceFile[]];
  paths: [string, string];
  notes: string[];
}

function postfixSources(c: PostfixConfig): SourceFile[] {
  return [c.mainCf?.source, c.masterCf?.source].filter((s): s is SourceFile => s !== undefined);
}

function comparePostfix(beforePath: string, afterPath: string, ignored: ReadonlySet<string>, opts: DiffOptions): Compared {
  let before = loadPostfix(beforePath);
  let after = loadPostfix(afterPath);
  const notes: string[] = [];
  if (opts.beforeVersion !== undefined) before = atPostfixVersion(before, parsePostfixVersion(opts.beforeVersion));
  if (opts.afterVersion !== undefined) after = atPostfixVersion(after, parsePostfixVersion(opts.afterVersion));
  if (opts.beforeVersion !== undefined || opts.afterVersion !== undefined) notes.push(VERSION_NOTE);
  const neutral = neutralizePostfix(before, after, ignored);
  return {
    changes: [...diffParameters({ before, after: neutral, ignored }), ...diffMasterCf(before, neutral, ignored)],
    relay: postfixRelayDelta(before, neutral, opts.relay),
    sources: [postfixSources(before), postfixSources(after)],
    paths: [beforePath, afterPath],
    notes,
  };
}

function compareExim(beforePath: string, afterPath: string, ignored: ReadonlySet<string>, opts: DiffOptions): Compared {
  if (opts.beforeVersion !== undefined || opts.afterVersion !== undefined) {
    throw new UsageError("--before-version and --after-version apply to Postfix configurations only");
  }
  const bp = resolveEximPath(beforePath);
  const ap = resolveEximPath(afterPath);
  const before = loadExim(bp);
  const after = loadExim(ap);
  const neutral = neutralizeExim(before.config, after.config, ignored);
  return {
    changes: diffExim(before.config, neutral, ignored),
    relay: eximRelayDelta({ config: before.config, path: bp }, { config: neutral, path: ap }, opts.relay),
    sources: [before.files, after.files],
    paths: [bp, ap],
    notes: [],
  };
}

export function diffConfigs(beforePath: string, afterPath: string, opts: DiffOptions = {}): DiffReport {
  const kind = sideKinds(beforePath, afterPath, opts.kind);
  const ignored = ignoredNames(kind, opts.ignore ?? [], opts.ignoreHostSpecific === true);
  const c = kind === "postfix" ? comparePostfix(beforePath, afterPath, ignored, opts) : compareExim(beforePath, afterPath, ignored, opts);
  const lint: LintDelta = lintDelta(kind, c.paths[0], c.paths[1], ignored);
  const pairs = pairFiles(c.paths[0], c.sources[0], c.paths[1], c.sources[1]);
  const regressions = c.relay.filter((r) => r.regression !== undefined).length;
  return {
    kind,
    before: { path: beforePath, ...(opts.beforeVersion ? { version: opts.beforeVersion } : {}), sources: c.sources[0] },
    after: { path: afterPath, ...(opts.afterVersion ? { version: opts.afterVersion } : {}), sources: c.sources[1] },
    changes: c.changes,
    lint,
    relay: c.relay,
    cosmetic: classifyCosmetic(kind, pairs, c.changes),
    ignored: [...ignored].sort(),
    notes: c.notes,
    ...(opts.text ? { textDiff: unifiedDiff(pairs) } : {}),
    semanticDifference: c.changes.some((x) => x.effective) || c.relay.some((r) => r.changed) || lint.introduced.length + lint.fixed.length > 0,
    regressions,
  };
}
