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
import { findAcl, mainOption, scenarioVars, unquote, type Ctx, type Result } from "./context.js";
import { evalExpansion, Unknown, type ExistsCheck } from "./expand.js";
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
  const env: MatchEnv = {
    config,
    client: scenario.client,
    ...(scenario.clientName ? { clientName: scenario.clientName } : {}),
    ...(exists?.read ? { read: exists.read } : {}),
  };
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

/**
 * Expansion items that run a program, read a file or socket, load code or
 * look data up: mtalint never evaluates them, and each can fail at run time.
 */
const RUNTIME_ITEM = /\$\{(run|readsocket|readfile|perl|dlfunc|lookup|acl|imapfolder|prvscheck|certextract)\b/;

/**
 * A modifier whose value uses such an item. Exim defers (451) when a
 * modifier's expansion fails, for every modifier but message and
 * log_message, which only fall back to the default text (measured with
 * exim -bh: set, add_header, control, logwrite, delay... on
 * ${readfile{/nonexistent}}). So the verdict may hang on it.
 */
function runtimeModifier(c: EximAclCondition): boolean {
  return MODIFIERS.has(c.name) && c.name !== "message" && c.name !== "log_message" && c.value !== undefined && RUNTIME_ITEM.test(c.value);
}

function runtimeReason(c: EximAclCondition): string {
  const item = RUNTIME_ITEM.exec(c.value ?? "")?.[1] ?? "";
  return `${c.name}${c.variable ? ` ${c.variable}` : ""} = ${c.value?.trim()}: Exim defers (451) if this expansion fails, and \${${item}...} is not evaluated by mtalint`;
}

/** List lookups that ask a server: when it does not answer, Exim defers. */
const QUERY_LOOKUP = /(?:^|[\s:;<])(?:mysql|pgsql|oracle|ibase|sqlite|redis|ldap|ldapdn|ldapm|nisplus|whoson|dnsdb|spf|readsock)\s*;/;

/** A condition whose value runs, reads or queries something at run time: besides true and false, it can fail. */
function mayFailAtRunTime(c: EximAclCondition): boolean {
  return c.value !== undefined && (RUNTIME_ITEM.test(c.value) || QUERY_LOOKUP.test(c.value));
}

function failureReason(c: EximAclCondition): string {
  const item = RUNTIME_ITEM.exec(c.value ?? "")?.[1];
  const what = item ? `\${${item}...} is not evaluated` : "the lookup is not made";
  return `${c.name} = ${c.value?.trim()}: whether it holds or not, the verdict is the same, but Exim defers (451) if this ${item ? "expansion" : "lookup"} fails, and ${what} by mtalint`;
}

/** Both outcomes of a modifier whose expansion may fail: defer, or `onSuccess`; known only if they agree. */
function mayDefer(ctx: Ctx, acl: EximAcl, st: EximAclStatement, c: EximAclCondition, onSuccess: () => Result): Result {
  const reason = runtimeReason(c);
  ctx.trace.push(stepOf(acl, st, "UNKNOWN", reason, c));
  const ok = onSuccess();
  if (ok.kind === "defer") return ok;
  return { kind: "unknown", reason };
}

function statementsFrom(ctx: Ctx, acl: EximAcl, index: number, depth: number): Result {
  for (let i = index; i < acl.statements.length; i++) {
    const st = acl.statements[i]!;
    ctx.implicitMessage = undefined;
    if (st.verb === "warn") {
      const at = st.conditions.findIndex(runtimeModifier);
      // A condition before it that is known to be false ends the warn before the expansion is made.
      if (at >= 0 && !st.conditions.slice(0, at).some((c) => !MODIFIERS.has(c.name) && condition(ctx, c, depth) === c.negated)) {
        return mayDefer(ctx, acl, st, st.conditions[at]!, () => statementsFrom(ctx, acl, i + 1, depth));
      }
      const failed = warnError(ctx, acl, st, depth);
      if (failed) return failed;
      ctx.trace.push(stepOf(acl, st, "SKIP", "warn never decides"));
      continue;
    }
    const r = statement(ctx, acl, st, 0, undefined, false, i, depth);
    if (r !== "next") return r;
  }
  ctx.trace.push({ list: acl.name, result: "DENY", note: "end of the ACL: implicit deny", range: acl.nameRange });
  // Exim answers the implicit deny with the message of the last statement when that was an accept or discard
  // whose conditions failed after its message modifier (measured with exim -bh).
  return { kind: "deny", implicit: true, ...(ctx.implicitMessage !== undefined ? { message: ctx.implicitMessage } : {}) };
}

/**
 * A warn statement decides nothing, except when Exim fails one of its conditions with an error: a nested ACL
 * (acl =) that ends with discard, or names no ACL, makes even warn defer (451); a nested defer does not
 * (measured with exim -bh). Undefined when the warn cannot fail that way.
 */
function warnError(ctx: Ctx, acl: EximAcl, st: EximAclStatement, depth: number): Result | undefined {
  const last = st.conditions.findLastIndex((c) => c.name === "acl");
  for (let i = 0; i < st.conditions.length; i++) {
    const c = st.conditions[i]!;
    if (MODIFIERS.has(c.name)) continue;
    const t = condition(ctx, c, depth, "warn");
    if (typeof t === "object" && "defer" in t) {
      if (!t.error) return undefined;
      ctx.trace.push(stepOf(acl, st, "DEFER", "Exim fails this condition with an error, which defers even in warn", c));
      return { kind: "defer", statement: st };
    }
    // A lookup file Exim cannot open ends the session even in warn (measured).
    if (typeof t === "object" && "unknown" in t && t.failure === "panic") return { kind: "unknown", reason: `warn: ${t.unknown}` };
    if (typeof t === "object" && "unknown" in t) {
      if (i <= last) return { kind: "unknown", reason: `warn: ${t.unknown}, and a nested ACL after it may fail` };
      continue;
    }
    if ((typeof t === "object" ? false : t) === c.negated) return undefined;
  }
  return undefined;
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
      message = c.value === undefined ? undefined : messageText(ctx, unquote(c.value));
      continue;
    }
    if (c.name === "endpass") {
      passed = true;
      continue;
    }
    if (runtimeModifier(c)) {
      return mayDefer(ctx, acl, st, c, () => {
        const rest = statement(ctx, acl, st, i + 1, message, passed, index, depth);
        return rest === "next" ? statementsFrom(ctx, acl, index + 1, depth) : rest;
      });
    }
    if (MODIFIERS.has(c.name)) continue;
    let t = condition(ctx, c, depth, st.verb);
    if (typeof t === "object" && ("no" in t || "yes" in t)) {
      message ??= t.message;
      t = "yes" in t;
    }
    if (typeof t === "object" && "discard" in t) {
      ctx.trace.push(stepOf(acl, st, "ACCEPT", "the nested ACL discarded: the statement ends with discard", c));
      return { kind: "discard", statement: st };
    }
    if (typeof t === "object" && "defer" in t) {
      ctx.trace.push(stepOf(acl, st, "DEFER", "the nested ACL deferred", c));
      // The defer carries the nested ACL's message, not this statement's (measured with exim -bh).
      return { kind: "defer", statement: st, ...(t.message !== undefined ? { message: t.message } : {}) };
    }
    if (typeof t === "object") {
      ctx.trace.push(stepOf(acl, st, "UNKNOWN", t.unknown, c));
      // Explore both outcomes; the verdict is known only if they agree.
      const ifTrue = statement(ctx, acl, st, i + 1, message, passed, index, depth);
      // Each branch runs on to its end before the other starts: the rest of the ACL reads what the branch left (implicitMessage).
      const a = ifTrue === "next" ? statementsFrom(ctx, acl, index + 1, depth) : ifTrue;
      const ifFalse = onFalse(ctx, acl, st, message, passed);
      const b = ifFalse === "next" ? statementsFrom(ctx, acl, index + 1, depth) : ifFalse;
      if (sameResult(a, b)) {
        // A third outcome: the expansion or query fails at run time, and Exim defers (measured with exim -bh).
        // A lookup file Exim cannot open ends the session without a reply (measured), which no branch covers.
        if (t.failure === "panic") return { kind: "unknown", reason: t.unknown };
        if (mayFailAtRunTime(c) && a.kind !== "defer") return { kind: "unknown", reason: failureReason(c) };
        // A query or an expansion inside a named list: Exim defers when it fails.
        if (t.failure === "defer" && a.kind !== "defer") {
          return { kind: "unknown", reason: `${t.unknown}: whether it holds or not, the verdict is the same, but Exim defers (451) if it fails` };
        }
        // An undecided nested ACL may also defer (or discard), which neither branch covers.
        if ("thirdWay" in t && a.kind !== "defer") return { kind: "unknown", reason: `${t.unknown} (the nested ACL may also defer)` };
        return a;
      }
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
      // The message set on the way is what a statement that called this ACL (acl =) answers with, if it has none.
      return { kind: st.verb, statement: st, ...(message !== undefined ? { message } : {}) };
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

/** The reply text a message modifier gives: its value expanded ("\n" is a line break); as written where mtalint cannot expand it. */
function messageText(ctx: Ctx, value: string): string {
  try {
    return evalExpansion(value, scenarioVars(ctx), ctx.exists);
  } catch (e) {
    if (e instanceof Unknown) return value;
    throw e;
  }
}

function onFalse(ctx: Ctx, acl: EximAcl, st: EximAclStatement, message: string | undefined, passed: boolean): Result | "next" {
  ctx.implicitMessage = st.verb === "accept" || st.verb === "discard" ? message : undefined;
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
