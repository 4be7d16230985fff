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
import { evalExpansion, expansionTruth, Unknown, type ExistsCheck, type Vars } from "./expand.js";
import { matchAddresses, matchDomains, matchHosts, matchLocalParts, type MatchEnv, type Tri } from "./match.js";

type Result =
  | { kind: "accept" | "discard"; statement?: EximAclStatement }
  | { kind: "deny" | "defer" | "drop"; message?: string; statement?: EximAclStatement; implicit?: boolean }
  | { kind: "unknown"; reason: string };

interface Ctx {
  config: EximConfig;
  exists?: ExistsCheck;
  s: RelayScenario;
  env: MatchEnv;
  authenticated: boolean;
  trace: TraceStep[];
  budget: number;
}

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

function mainOption(config: EximConfig, name: string): string | undefined {
  let v: string | undefined;
  for (const o of config.mainOptions) if (o.name === name) v = o.value === undefined ? (o.negated ? "false" : "true") : unquote(o.value);
  return v;
}

function unquote(v: string): string {
  return v.startsWith('"') && v.endsWith('"') && v.length >= 2 ? v.slice(1, -1) : v;
}

function findAcl(config: EximConfig, name: string): EximAcl | undefined {
  let found;
  for (const a of config.acls) if (a.name === name) found = a;
  return found;
}

/** Is SMTP AUTH offered to this client, so that a login can succeed at all? */
function authOffered(ctx: Omit<Ctx, "authenticated">): { offered: boolean | "unknown"; note: string } {
  const servers = ctx.config.authenticators.filter((a) => a.options.some((o) => o.name.startsWith("server_")));
  if (servers.length === 0) return { offered: false, note: "no server authenticator is defined, so Exim offers no AUTH" };
  const advertiseHosts = mainOption(ctx.config, "auth_advertise_hosts") ?? "*";
  const hostMatch = matchHosts(advertiseHosts, ctx.env);
  if (typeof hostMatch === "object") return { offered: "unknown", note: `auth_advertise_hosts: ${hostMatch.unknown}` };
  if (!hostMatch) return { offered: false, note: `auth_advertise_hosts (${advertiseHosts || "empty"}) does not include ${ctx.s.client}` };
  for (const a of servers) {
    const cond = a.options.find((o) => o.name === "server_advertise_condition");
    if (!cond || cond.value === undefined) return { offered: true, note: `authenticator ${a.name} is advertised` };
    let c: boolean | undefined;
    try {
      // With TLS (the scenario's default) only the cipher's presence matters to an advertise condition.
      const cipher = ctx.s.tls === false ? "" : "TLS";
      c = expansionTruth(unquote(cond.value), { tls_in_cipher: cipher, tls_cipher: cipher, sender_host_address: ctx.s.client });
    } catch {
      c = undefined;
    }
    if (c === true) return { offered: true, note: `authenticator ${a.name} is advertised` };
    if (c === false) continue;
    return { offered: "unknown", note: `server_advertise_condition of ${a.name} is an expansion mtalint does not evaluate` };
  }
  return { offered: false, note: "no server authenticator is advertised to this client" };
}

/** A condition string whose truth Exim knows without expansion. */
function constantCondition(v: string): boolean | undefined {
  const t = v.trim().toLowerCase();
  if (t.includes("$")) return undefined;
  if (t === "" || t === "0" || t === "no" || t === "false") return false;
  if (t === "1" || t === "yes" || t === "true") return true;
  return undefined;
}

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
  const ctx: Ctx = { ...base, authenticated };
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
      const ifFalse = onFalse(ctx, acl, st, message, passed, index, depth);
      const a = ifTrue === "next" ? statementsFrom(ctx, acl, index + 1, depth) : ifTrue;
      const b = ifFalse === "next" ? statementsFrom(ctx, acl, index + 1, depth) : ifFalse;
      if (sameResult(a, b)) return a;
      return { kind: "unknown", reason: a.kind === "unknown" ? a.reason : b.kind === "unknown" ? b.reason : t.unknown };
    }
    const truth = t !== c.negated;
    if (!truth) {
      ctx.trace.push(stepOf(acl, st, "FALSE", `${c.negated ? "negated condition holds" : "does not match"}`, c));
      return onFalse(ctx, acl, st, message, passed, index, depth);
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

function onFalse(ctx: Ctx, acl: EximAcl, st: EximAclStatement, message: string | undefined, passed: boolean, _index: number, _depth: number): Result | "next" {
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

function domainOf(address: string): string {
  const at = address.lastIndexOf("@");
  return at < 0 ? "" : address.slice(at + 1);
}

function localPartOf(address: string): string {
  const at = address.lastIndexOf("@");
  return at < 0 ? address : address.slice(0, at);
}

function tri(t: Tri): boolean | { unknown: string } | { defer: true } {
  return typeof t === "object" && t.defer ? { defer: true } : t;
}

/** Variables whose values the scenario fixes at the first RCPT of a message. */
function scenarioVars(ctx: Ctx): Vars {
  const s = ctx.s;
  return {
    rcpt_count: "1",
    recipients_count: "0",
    rcpt_defer_count: "0",
    rcpt_fail_count: "0",
    sender_host_address: s.client,
    domain: domainOf(s.to).toLowerCase(),
    local_part: localPartOf(s.to),
    sender_address: s.from ?? "",
    sender_address_domain: domainOf(s.from ?? ""),
    authenticated_id: ctx.authenticated ? (s.sasl ?? "") : "",
    sender_helo_name: s.helo ?? "",
    ...(s.tls === false ? { tls_in_cipher: "", tls_cipher: "" } : {}),
  };
}

/** One ACL condition: true/false, unknown (with reason), or a defer from a nested ACL. */
function condition(ctx: Ctx, c: EximAclCondition, depth: number): boolean | { unknown: string } | { defer: true } {
  let value = c.value === undefined ? "" : unquote(c.value);
  if (value.includes("$") && c.name !== "condition") {
    // List conditions expand their value first (spec: "Expansion of lists").
    try {
      value = evalExpansion(value, scenarioVars(ctx), ctx.exists);
    } catch (e) {
      if (e instanceof Unknown) return { unknown: `${c.name} = ${value.trim()}: ${e.message}` };
      throw e;
    }
  }
  const s = ctx.s;
  switch (c.name) {
    case "hosts":
      return tri(matchHosts(value, ctx.env));
    case "domains":
      return tri(matchDomains(value, domainOf(s.to), ctx.env));
    case "local_parts":
      return tri(matchLocalParts(value, localPartOf(s.to), ctx.env));
    case "recipients":
      return tri(matchAddresses(value, s.to, ctx.env));
    case "senders":
      return tri(matchAddresses(value, s.from ?? "", ctx.env));
    case "sender_domains":
      return tri(matchDomains(value, domainOf(s.from ?? ""), ctx.env));
    case "authenticated":
      if (!ctx.authenticated) return false;
      return value.trim() === "*" ? true : { unknown: `authenticated = ${value} depends on which authenticator the client used` };
    case "encrypted":
      return s.tls === false ? false : { unknown: "depends on the TLS cipher the client negotiated" };
    case "condition":
      try {
        return expansionTruth(value, scenarioVars(ctx), ctx.exists);
      } catch (e) {
        if (e instanceof Unknown) return { unknown: `condition = ${value.trim()}: ${e.message}` };
        throw e;
      }
    case "acl": {
      const name = value.trim();
      if (name.includes("$") || name.includes(" ")) return { unknown: `acl = ${name} is expanded at run time` };
      const nested = findAcl(ctx.config, name);
      if (!nested) return { defer: true };
      if (depth > 20) return { unknown: "ACLs nest too deep" };
      const r = runAcl(ctx, nested, depth + 1);
      if (r.kind === "unknown") return { unknown: r.reason };
      if (r.kind === "defer") return { defer: true };
      return r.kind === "accept" || r.kind === "discard";
    }
    case "verify": {
      const what = value.trim().split("/")[0]!.trim();
      if (what === "recipient" && s.assumeRecipientExists) return true;
      return { unknown: `verify = ${what} needs DNS, routing or the user tables` };
    }
    default:
      return { unknown: `${c.name} is evaluated at run time (DNS, lookups or content checks)` };
  }
}
