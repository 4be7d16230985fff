/**
 * What Exim answers to RCPT TO for one scenario: the ACL named by
 * acl_smtp_rcpt, statement by statement (spec chapter "Access control
 * lists"). A statement's conditions are tested in order; the first false
 * one ends it. Conditions mtalint cannot decide (DNS, lookups, expansions)
 * are explored both ways: when every branch gives the same answer, that is
 * the verdict; otherwise the verdict is UNKNOWN with the reason.
 */
import type { EximAcl, EximAclCondition, EximAclStatement, EximConfig } from "../../ast/exim-nodes.js";
import type { RelayScenario, RelayVerdict, TraceStep } from "../types.js";
import { authOffered } from "./auth.js";
import { condition } from "./conditions.js";
import { findAcl, mainOption, unquote, type Ctx, type Result } from "./context.js";
import type { ExistsCheck } from "./expand.js";
import type { MatchEnv } from "./match.js";

const MODIFIERS = new Set([
  "message",
  "log_message",
  "logwrite",
  "control",
  "set",
  "add_header",
  "remove_header",
  "delay",
  "udpsend",
  "queue",
  "continue",
  "log_reject_target",
  "debug",
  "endpass",
]);

export function simulateEximRelay(config: EximConfig, scenario: RelayScenario, exists?: ExistsCheck): RelayVerdict {
  const trace: TraceStep[] = [];
  const env: MatchEnv = { config, client: scenario.client, ...(scenario.clientName ? { clientName: scenario.clientName } : {}) };
  const base = { config, s: scenario, env, trace, budget: 512, ...(exists ? { exists } : {}) };
  let authenticated = false;
  if (scenario.sasl !== undefined) {
    const a = authOffered(base);
    if (a.offered === "unknown") return { verdict: "UNKNOWN", reason: a.note, trace, authenticated: false };
    authenticated = a.offered;
    trace.push({
      list: "authenticators",
      result: authenticated ? "AUTHENTICATED" : "NOT OFFERED",
      note: authenticated ? `${a.note}; the client logged in as ${scenario.sasl}` : `${a.note}; evaluating as unauthenticated`,
    });
  }
  const ctx: Ctx = { ...base, authenticated, runNested: (acl, depth) => runAcl(ctx, acl, depth) };
  // The connect, HELO and MAIL ACLs run first; an unset one accepts (spec "Unset ACL options").
  for (const stage of ["connect", "helo", "mail"] as const) {
    const name = mainOption(config, `acl_smtp_${stage}`);
    if (name === undefined || name === "") continue;
    const r = runNamedAcl(ctx, `acl_smtp_${stage}`, name);
    if (r.kind === "accept" || r.kind === "discard") continue;
    trace.push({ list: `acl_smtp_${stage}`, result: r.kind.toUpperCase(), note: `the ${stage.toUpperCase()} stage already decides; RCPT is never reached` });
    return toVerdict(r, trace, authenticated);
  }
  const aclName = mainOption(config, "acl_smtp_rcpt");
  if (aclName === undefined || aclName === "") {
    trace.push({ list: "acl_smtp_rcpt", result: "DENY", note: "acl_smtp_rcpt is not set: Exim refuses every RCPT over SMTP" });
    return { verdict: "REJECT", code: "550", enhancedCode: "-", text: "Administrative prohibition", trace, authenticated };
  }
  return toVerdict(runNamedAcl(ctx, "acl_smtp_rcpt", aclName), trace, authenticated);
}

/** Run the ACL an acl_smtp_* option names. A single word naming no ACL makes Exim defer (it reads the word as an inline ACL and fails). */
function runNamedAcl(ctx: Ctx, option: string, name: string): Result {
  if (name.includes("$")) return { kind: "unknown", reason: `${option} is an expansion (${name})` };
  const acl = findAcl(ctx.config, name);
  if (acl) return runAcl(ctx, acl, 0);
  if (/^[A-Za-z0-9_.-]+$/.test(name)) {
    ctx.trace.push({ list: option, result: "DEFER", note: `no ACL named ${name} is defined: Exim defers` });
    return { kind: "defer" };
  }
  return { kind: "unknown", reason: `${option} holds inline ACL text or a file name, which mtalint does not evaluate` };
}

function toVerdict(r: Result, trace: TraceStep[], authenticated: boolean): RelayVerdict {
  switch (r.kind) {
    case "unknown":
      return { verdict: "UNKNOWN", reason: r.reason, trace, authenticated };
    case "accept":
    case "discard": {
      const v: RelayVerdict = { verdict: "ACCEPT", trace, authenticated };
      if (r.statement) v.decidedBy = r.statement.verbRange;
      return v;
    }
    default: {
      const defer = r.kind === "defer";
      const fallback = defer ? "Temporary local problem - please try later" : "Administrative prohibition";
      const text = r.message ?? fallback;
      const m = /^([245]\.\d{1,3}\.\d{1,3})\s+(.*)$/s.exec(text);
      const v: RelayVerdict = {
        verdict: defer ? "DEFER" : "REJECT",
        code: defer ? "451" : "550",
        enhancedCode: m ? m[1]! : "-",
        text: m ? m[2]! : text,
        trace,
        authenticated,
      };
      if (r.statement) v.decidedBy = r.statement.verbRange;
      return v;
    }
  }
}

function runAcl(ctx: Ctx, acl: EximAcl, depth: number): Result {
  return statementsFrom(ctx, acl, 0, depth);
}

function statementsFrom(ctx: Ctx, acl: EximAcl, index: number, depth: number): Result {
  for (let i = index; i < acl.statements.length; i++) {
    const st = acl.statements[i]!;
    if (st.verb === "warn") {
      ctx.trace.push(stepOf(acl, st, "SKIP", "warn never decides"));
      continue;
    }
    const r = statement(ctx, acl, st, 0, undefined, false, i, depth);
    if (r !== "next") return r;
  }
  ctx.trace.push({ list: acl.name, result: "DENY", note: "end of the ACL: implicit deny", range: acl.nameRange });
  return { kind: "deny", implicit: true };
}

function stepOf(acl: EximAcl, st: EximAclStatement, result: string, note: string, cond?: EximAclCondition): TraceStep {
  const element = cond ? `${st.verb} ${cond.negated ? "!" : ""}${cond.name}${cond.value !== undefined ? ` = ${cond.value}` : ""}` : st.verb;
  return { list: acl.name, element, result, note, range: cond ? cond.range : st.verbRange };
}

/**
 * Evaluate statement `st` from condition `ci` on. Returns "next" when the
 * statement does not decide, or the ACL's result. `message` is the text set
 * by a message modifier reached so far; `passed` is true after endpass.
 */
function statement(
  ctx: Ctx,
  acl: EximAcl,
  st: EximAclStatement,
  ci: number,
  message: string | undefined,
  passed: boolean,
  index: number,
  depth: number,
): Result | "next" {
  if (--ctx.budget < 0) return { kind: "unknown", reason: "too many undecidable conditions to explore" };
  for (let i = ci; i < st.conditions.length; i++) {
    const c = st.conditions[i]!;
    if (c.name === "message") {
      message = c.value === undefined ? undefined : unquote(c.value);
      continue;
    }
    if (c.name === "endpass") {
      passed = true;
      continue;
    }
    if (MODIFIERS.has(c.name)) continue;
    const t = condition(ctx, c, depth);
    if (typeof t === "object" && "defer" in t) {
      ctx.trace.push(stepOf(acl, st, "DEFER", "the nested ACL deferred", c));
      return { kind: "defer", statement: st };
    }
    if (typeof t === "object") {
      ctx.trace.push(stepOf(acl, st, "UNKNOWN", t.unknown, c));
      // Explore both outcomes; the verdict is known only if they agree.
      const ifTrue = statement(ctx, acl, st, i + 1, message, passed, index, depth);
      const ifFalse = onFalse(ctx, acl, st, message, passed);
      const a = ifTrue === "next" ? statementsFrom(ctx, acl, index + 1, depth) : ifTrue;
      const b = ifFalse === "next" ? statementsFrom(ctx, acl, index + 1, depth) : ifFalse;
      if (sameResult(a, b)) return a;
      return { kind: "unknown", reason: a.kind === "unknown" ? a.reason : b.kind === "unknown" ? b.reason : t.unknown };
    }
    const truth = t !== c.negated;
    if (!truth) {
      ctx.trace.push(stepOf(acl, st, "FALSE", `${c.negated ? "negated condition holds" : "does not match"}`, c));
      return onFalse(ctx, acl, st, message, passed);
    }
    ctx.trace.push(stepOf(acl, st, "TRUE", c.negated ? "negated condition does not hold" : "matches", c));
  }
  // Every condition held.
  switch (st.verb) {
    case "accept":
    case "discard":
      ctx.trace.push(stepOf(acl, st, "ACCEPT", "all conditions true"));
      return { kind: st.verb, statement: st };
    case "deny":
    case "drop":
    case "defer":
      ctx.trace.push(stepOf(acl, st, st.verb.toUpperCase(), "all conditions true"));
      return { kind: st.verb, statement: st, ...(message !== undefined ? { message } : {}) };
    case "require":
      return "next";
    default:
      return { kind: "unknown", reason: `unknown ACL verb ${st.verb}` };
  }
}

function onFalse(ctx: Ctx, acl: EximAcl, st: EximAclStatement, message: string | undefined, passed: boolean): Result | "next" {
  if (st.verb === "require" || (passed && st.verb === "accept")) {
    ctx.trace.push(stepOf(acl, st, "DENY", st.verb === "require" ? "require failed" : "a condition after endpass failed"));
    return { kind: "deny", statement: st, ...(message !== undefined ? { message } : {}) };
  }
  return "next";
}

function sameResult(a: Result, b: Result): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "unknown") return false;
  const ma = "message" in a ? a.message : undefined;
  const mb = "message" in b ? b.message : undefined;
  return ma === mb;
}
