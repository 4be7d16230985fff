/**
 * Lint delta: findings AFTER introduces and findings it fixes. A finding is
 * identified by rule, message id and message text, not by position, so lines
 * that only moved are neither; paths and line numbers inside messages are
 * normalised for the same reason.
 */
import { resolve } from "node:path";
import type { ConfigKind } from "../detect.js";
import type { Finding } from "../engine/rule.js";
import type { Range } from "../ast/range.js";
import { loadExim } from "../exim/api.js";
import { lintTarget } from "../lint.js";
import { loadPostfix } from "../model/postfix/config.js";
import type { LintDelta, LintDeltaItem } from "./types.js";

function identity(f: Finding, roots: string[]): string {
  let message = f.message;
  for (const root of roots) message = message.split(root).join("<config>");
  message = message
    .replace(/\bline \d+/g, "line #")
    .replace(/:\d+(:\d+)?\b/g, ":#");
  return `${f.ruleId}\u0000${f.messageId}\u0000${message}`;
}

function findings(kind: ConfigKind, path: string, ignored: ReadonlySet<string>): Finding[] {
  const all = lintTarget({ kind, path }).flatMap((r) => r.findings);
  if (ignored.size === 0) return all;
  const settings = settingRanges(kind, path);
  // A finding about an ignored setting (it points inside that setting's text) is not part of the comparison.
  return all.filter((f) => !settings.some((s) => ignored.has(s.name) && s.range.file === f.range.file && f.range.start >= s.range.start && f.range.start < s.range.end));
}

/** Where each setting is written: main.cf parameters and -o overrides, or Exim main options. */
function settingRanges(kind: ConfigKind, path: string): { name: string; range: Range }[] {
  if (kind === "postfix") {
    const config = loadPostfix(path);
    return [
      ...(config.mainCf?.parameters ?? []).map((p) => ({ name: p.name, range: p.range })),
      ...(config.masterCf?.services ?? []).flatMap((s) => s.overrides.map((o) => ({ name: o.name, range: o.range }))),
    ];
  }
  return loadExim(path).config.mainOptions.map((o) => ({ name: o.name, range: o.range }));
}

const item = (f: Finding): LintDeltaItem => ({ ruleId: f.ruleId, messageId: f.messageId, severity: f.severity, message: f.message, range: f.range });

export function lintDelta(kind: ConfigKind, beforePath: string, afterPath: string, ignored: ReadonlySet<string> = new Set()): LintDelta {
  const fb = findings(kind, beforePath, ignored);
  const fa = findings(kind, afterPath, ignored);
  const rb = [resolve(beforePath), beforePath];
  const ra = [resolve(afterPath), afterPath];
  const pending = new Map<string, number>();
  for (const f of fb) {
    const k = identity(f, rb);
    pending.set(k, (pending.get(k) ?? 0) + 1);
  }
  const introduced: LintDeltaItem[] = [];
  const matched = new Map<string, number>();
  for (const f of fa) {
    const k = identity(f, ra);
    const left = pending.get(k) ?? 0;
    if (left > 0) {
      pending.set(k, left - 1);
      matched.set(k, (matched.get(k) ?? 0) + 1);
    } else introduced.push(item(f));
  }
  const fixed: LintDeltaItem[] = [];
  for (const f of fb) {
    const k = identity(f, rb);
    const m = matched.get(k) ?? 0;
    if (m > 0) matched.set(k, m - 1);
    else fixed.push(item(f));
  }
  return { introduced, fixed };
}
