/**
 * Exim ACLs statement by statement: a statement is its verb and its
 * conditions and modifiers in order (Exim tests them in order and stops at
 * the first that fails). A statement replaced in place by one with the same
 * verb is reported as changed, condition by condition.
 */
import type { EximAcl, EximAclCondition, EximAclStatement } from "../ast/exim-nodes.js";
import { describeEdit, diffList, type ListEdit } from "./lists.js";
import type { SemanticChange } from "./types.js";

const squash = (s: string | undefined) => (s ?? "").replace(/\s+/g, " ").trim();

export function conditionText(c: EximAclCondition): string {
  return `${c.negated ? "!" : ""}${c.name}${c.variable ? ` ${c.variable}` : ""}${c.value !== undefined ? ` = ${squash(c.value)}` : ""}`;
}

export function statementText(s: EximAclStatement): string {
  return [s.verb, ...s.conditions.map(conditionText)].join(" ");
}

function short(s: EximAclStatement): string {
  const t = statementText(s);
  return t.length > 100 ? `${t.slice(0, 97)}...` : t;
}

export function diffAcls(before: EximAcl[], after: EximAcl[]): SemanticChange[] {
  const b = new Map(before.map((a) => [a.name, a]));
  const a = new Map(after.map((x) => [x.name, x]));
  const changes: SemanticChange[] = [];
  for (const [name, acl] of a) {
    const prev = b.get(name);
    if (!prev) changes.push({ section: "ACL", action: "added", subject: name, afterRange: acl.nameRange, message: `ACL ${name} added (${acl.statements.length} statements)`, effective: true });
    else changes.push(...diffStatements(prev, acl));
  }
  for (const [name, acl] of b) {
    if (!a.has(name)) changes.push({ section: "ACL", action: "removed", subject: name, beforeRange: acl.nameRange, message: `ACL ${name} removed`, effective: true });
  }
  return changes;
}

function diffStatements(before: EximAcl, after: EximAcl): SemanticChange[] {
  const edits = diffList(before.statements, after.statements, statementText);
  const { paired, pairs } = pairReplacements(edits);
  const changes: SemanticChange[] = [];
  const label = (s: EximAclStatement) => `"${short(s)}"`;
  for (const e of edits) {
    if (paired.has(e)) continue;
    const s = (e.after ?? e.before)!;
    changes.push({
      section: "ACL",
      action: e.op,
      subject: after.name,
      element: short(s),
      ...(e.before ? { before: statementText(e.before), beforeRange: e.before.range } : {}),
      ...(e.after ? { after: statementText(e.after), afterRange: e.after.range } : {}),
      message: `${describeEdit(e, label, `ACL ${after.name}`)}`,
      effective: true,
    });
  }
  for (const [removed, inserted] of pairs) {
    const sb = removed.before!;
    const sa = inserted.after!;
    changes.push({
      section: "ACL",
      action: "changed",
      subject: after.name,
      element: short(sa),
      before: statementText(sb),
      after: statementText(sa),
      beforeRange: sb.range,
      afterRange: sa.range,
      message: `ACL ${after.name}: ${sa.verb} statement ${inserted.afterIndex! + 1} changed: ${conditionDelta(sb, sa)}`,
      effective: true,
    });
  }
  return changes;
}

type StatementEdit = ListEdit<EximAclStatement>;

/** A removed and an inserted statement with the same verb at (about) the same position: one changed statement. */
function pairReplacements(edits: StatementEdit[]): { paired: Set<StatementEdit>; pairs: [StatementEdit, StatementEdit][] } {
  const paired = new Set<StatementEdit>();
  const pairs: [StatementEdit, StatementEdit][] = [];
  const inserted = edits.filter((e) => e.op === "inserted");
  for (const r of edits.filter((e) => e.op === "removed")) {
    const match = inserted.find((i) => !paired.has(i) && i.after!.verb === r.before!.verb && Math.abs(i.afterIndex! - r.beforeIndex!) <= 1);
    if (!match) continue;
    paired.add(r);
    paired.add(match);
    pairs.push([r, match]);
  }
  return { paired, pairs };
}

function conditionDelta(sb: EximAclStatement, sa: EximAclStatement): string {
  const parts: string[] = [];
  for (const e of diffList(sb.conditions, sa.conditions, conditionText)) {
    if (e.op === "removed") parts.push(`${conditionText(e.before!)} removed`);
    else if (e.op === "inserted") parts.push(`${conditionText(e.after!)} added`);
    else parts.push(`${conditionText(e.after!)} moved`);
  }
  return parts.join("; ");
}
