/**
 * Lint delta: findings AFTER introduces and findings it fixes. A finding is
 * identified by rule, message id and message text, not by position, so lines
 * that only moved are neither; paths and line numbers inside messages are
 * normalised for the same reason.
 */
import { resolve } from "node:path";
import type { ConfigKind } from "../detect.js";
import type { Finding } from "../engine/rule.js";
import { lintTarget } from "../lint.js";
import type { LintDelta, LintDeltaItem } from "./types.js";

function identity(f: Finding, roots: string[]): string {
  let message = f.message;
  for (const root of roots) message = message.split(root).join("<config>");
  message = message
    .replace(/\bline \d+/g, "line #")
    .replace(/:\d+(:\d+)?\b/g, ":#");
  return `${f.ruleId}\u0000${f.messageId}\u0000${message}`;
}

function findings(kind: ConfigKind, path: string): Finding[] {
  return lintTarget({ kind, path }).flatMap((r) => r.findings);
}

const item = (f: Finding): LintDeltaItem => ({ ruleId: f.ruleId, messageId: f.messageId, severity: f.severity, message: f.message, range: f.range });

export function lintDelta(kind: ConfigKind, beforePath: string, afterPath: string): LintDelta {
  const fb = findings(kind, beforePath);
  const fa = findings(kind, afterPath);
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
