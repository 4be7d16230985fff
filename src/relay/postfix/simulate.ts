/**
 * What Postfix smtpd answers to RCPT TO for one scenario, from the config
 * alone: the client, helo, sender, relay and recipient restriction lists in
 * smtpd's order (all at RCPT time), each read left to right until PERMIT,
 * REJECT or DEFER ends that list. A PERMIT ends only its own list; the
 * recipient is accepted when every list ends in PERMIT (SMTPD_ACCESS_README).
 * Anything that depends on DNS, a policy server or an unreadable table makes
 * the verdict UNKNOWN, with the reason.
 */
import type { MasterService } from "../../ast/postfix-nodes.js";
import { expandedValue, memoized, restrictionClasses, type PostfixConfig } from "../../model/postfix/config.js";
import { listElements, type ListElement } from "../../model/postfix/lists.js";
import type { RelayScenario, RelayVerdict, TraceStep } from "../types.js";
import type { Ctx, Outcome } from "./context.js";
import { restriction, unlistedRecipient } from "./evaluate.js";
import { TAKES_ARGUMENT } from "./restrictions.js";
import { malformedMilter, relayGuard } from "./startup.js";
import { createTableReader } from "./tables.js";

/** The lists smtpd evaluates before the relay and recipient lists, all at RCPT time with smtpd_delay_reject = yes (the default). */
const LISTS = ["smtpd_client_restrictions", "smtpd_helo_restrictions", "smtpd_sender_restrictions"] as const;

/** Every list in the order smtpd applies them, by smtpd_relay_before_recipient_restrictions. */
const RELAY_FIRST = [...LISTS, "smtpd_relay_restrictions", "smtpd_recipient_restrictions"] as const;
const RECIPIENT_FIRST = [...LISTS, "smtpd_recipient_restrictions", "smtpd_relay_restrictions"] as const;

/** The master.cf service a scenario selects: by name, preferring an inet (smtpd) entry. */
export function selectService(config: PostfixConfig, name = "smtp"): MasterService | undefined {
  const services = config.masterCf?.services ?? [];
  return (
    services.find((s) => s.name === name && s.serviceType === "inet") ??
    services.find((s) => s.name.endsWith(`:${name}`) && s.serviceType === "inet") ??
    services.find((s) => s.name === name)
  );
}


export function simulatePostfixRelay(config: PostfixConfig, scenario: RelayScenario): RelayVerdict {
  const trace: TraceStep[] = [];
  const serviceName = scenario.service ?? "smtp";
  const service = selectService(config, serviceName);
  if (config.masterCf && !service) {
    return { verdict: "UNKNOWN", reason: `master.cf has no service named "${serviceName}"`, trace, authenticated: false };
  }
  if (service && service.command.text !== "smtpd") {
    return { verdict: "UNKNOWN", reason: `service "${serviceName}" runs ${service.command.text}, not smtpd`, trace, authenticated: false };
  }
  const value = (name: string) => expandedValue(config, name, service) ?? "";
  let authenticated = false;
  if (scenario.sasl !== undefined) {
    // Only a client that logs in makes smtpd's AUTH settings matter.
    const saslEnabled = value("smtpd_sasl_auth_enable") === "yes";
    // smtpd_tls_auth_only: AUTH is offered only inside TLS, so it needs TLS on this service (and a client that uses it).
    const tlsLevel = value("smtpd_tls_security_level") || (value("smtpd_enforce_tls") === "yes" ? "encrypt" : value("smtpd_use_tls") === "yes" ? "may" : "none");
    const tlsOffered = value("smtpd_tls_wrappermode") === "yes" || tlsLevel === "may" || tlsLevel === "encrypt";
    const authOnly = value("smtpd_tls_auth_only") === "yes";
    const authHidden = authOnly && (!tlsOffered || scenario.tls === false);
    authenticated = saslEnabled && !authHidden;
    trace.push({
      list: "smtpd_sasl_auth_enable",
      result: authenticated ? "AUTHENTICATED" : "NOT OFFERED",
      note: authenticated
        ? `SASL is enabled on ${serviceName}; the client logged in as ${scenario.sasl}`
        : !saslEnabled
          ? `SASL is off on ${serviceName} (smtpd_sasl_auth_enable = ${value("smtpd_sasl_auth_enable") || "no"}), so no client can log in there; evaluating as unauthenticated`
          : !tlsOffered
            ? `smtpd_tls_auth_only = yes but TLS is off on ${serviceName} (smtpd_tls_security_level = ${tlsLevel}), so AUTH is never offered; evaluating as unauthenticated`
            : `smtpd_tls_auth_only = yes and the client did not use STARTTLS, so AUTH is not offered; evaluating as unauthenticated`,
    });
  }
  const ctx: Ctx = {
    config,
    service,
    s: scenario,
    authenticated,
    // Loaded once for all the scenarios simulated on this configuration object (built anew at every
    // load, so a table changed on disk is read again with its configuration).
    tables: memoized(config, "tables", () => createTableReader(config.dir)),
    trace,
    rejectOnly: [],
    classes: restrictionClasses(config, service),
  };

  const guard = relayGuard(ctx);
  if (guard) return { verdict: "FATAL", reason: guard, trace, authenticated };

  const milters = value("smtpd_milters");
  if (milters.trim() !== "") {
    const bad = malformedMilter(milters);
    if (bad) {
      trace.push({ list: "smtpd_milters", result: "FATAL", note: bad });
      return { verdict: "FATAL", reason: `smtpd exits at start: ${bad}`, trace, authenticated };
    }
    return { verdict: "UNKNOWN", reason: `the milter(s) in smtpd_milters (${milters.trim()}) also decide, or milter_default_action when they cannot be reached`, trace, authenticated };
  }

  // RFC 5321: smtpd accepts RCPT TO:<postmaster> without a domain regardless of restrictions.
  if (/^postmaster$/i.test(scenario.to)) {
    trace.push({ list: "rcpt", result: "PERMIT", note: "RCPT TO:<postmaster> is always accepted (RFC 5321)" });
    return { verdict: "ACCEPT", trace, authenticated };
  }

  // With smtpd_delay_reject = no, smtpd applies the client list when the client connects and the
  // helo list at HELO, before AUTH and before the sender and recipient are known; what those lists
  // then decide is not simulated. Empty, they decide nothing, and the rest is as with delay.
  if (value("smtpd_delay_reject") === "no") {
    const early = LISTS.slice(0, 2).filter((list) => listElements(config, list, service).length > 0);
    if (early.length) {
      return {
        verdict: "UNKNOWN",
        reason: `smtpd_delay_reject = no: smtpd applies ${early.map((l) => `${l} ${l === "smtpd_client_restrictions" ? "when the client connects" : "at HELO"}`).join(" and ")}, before the client can log in and before the sender and recipient are known; mtalint simulates restrictions at RCPT time only`,
        trace,
        authenticated,
      };
    }
  }

  const order = value("smtpd_relay_before_recipient_restrictions") === "yes" ? RELAY_FIRST : RECIPIENT_FIRST;
  for (const list of order) {
    const r = evaluateList(ctx, list, listElements(config, list, service), 0);
    if (r.kind === "UNKNOWN" && !r.rejectOnly) return { verdict: "UNKNOWN", reason: r.note, trace, authenticated };
    if (r.kind === "REJECT" || r.kind === "DEFER") {
      const v: RelayVerdict = { verdict: r.kind, code: r.code, enhancedCode: r.enhanced, text: r.text, trace, authenticated };
      const by = trace.findLast((t) => t.result === r.kind)?.range;
      if (by) v.decidedBy = by;
      return softBounce(ctx, v);
    }
  }
  const unlisted = implicitUnlisted(ctx);
  if (unlisted) return unlisted;
  if (ctx.rejectOnly.length) {
    return {
      verdict: "UNKNOWN",
      reason: `accepted unless ${ctx.rejectOnly.join(" or ")} rejects it`,
      trace,
      authenticated,
    };
  }
  return { verdict: "ACCEPT", trace, authenticated };
}

function evaluateList(ctx: Ctx, list: string, elements: ListElement[], depth: number): Outcome {
  // A restriction class that decides nothing hands the decision back to the list that named it (smtpd_check.c
  // generic_checks() returns DUNNO at the end of any list); only a top-level list permits by ending.
  if (elements.length === 0) {
    if (depth > 0) {
      ctx.trace.push({ list, result: "DUNNO", note: "empty restriction class: no decision" });
      return { kind: "DUNNO", note: "empty class" };
    }
    ctx.trace.push({ list, result: "PERMIT", note: "empty list: permit" });
    return { kind: "PERMIT", note: "empty" };
  }
  for (let i = 0; i < elements.length; i++) {
    const el = elements[i]!;
    const name = el.text;
    let arg: ListElement | undefined;
    if (TAKES_ARGUMENT.has(name)) arg = elements[++i];
    let r: Outcome;
    if (name === "warn_if_reject") {
      const next = elements[++i];
      if (next) ctx.trace.push(step(list, next, "DUNNO", "warn_if_reject: a rejection here is only logged"));
      continue;
    }
    if (ctx.classes.has(name) && depth < 20) {
      ctx.trace.push(step(list, el, "CLASS", `restriction class ${name}`));
      r = evaluateList(ctx, `${list} → ${name}`, listElements(ctx.config, name, ctx.service), depth + 1);
      if (r.kind === "PERMIT") {
        // A class is evaluated in place: its PERMIT ends the enclosing list too.
        return r;
      }
    } else {
      r = restriction(ctx, list, name, arg);
      ctx.trace.push(step(list, el, r.kind, r.note, arg));
    }
    if (r.kind === "DUNNO") continue;
    if (r.kind === "UNKNOWN") {
      if (r.rejectOnly) {
        ctx.rejectOnly.push(`${name}${arg ? ` ${arg.text}` : ""} (${r.note})`);
        continue;
      }
      return r;
    }
    return r;
  }
  if (depth > 0) {
    ctx.trace.push({ list, result: "DUNNO", note: "end of the restriction class: no decision, back to the list that named it" });
    return { kind: "DUNNO", note: "end of class" };
  }
  ctx.trace.push({ list, result: "PERMIT", note: "end of list: permit" });
  return { kind: "PERMIT", note: "end of list" };
}

function step(list: string, el: ListElement, result: string, note: string, arg?: ListElement): TraceStep {
  const t: TraceStep = { list, element: arg ? `${el.text} ${arg.text}` : el.text, result, note };
  if (el.range) t.range = el.range;
  return t;
}

/** After the lists: reject_unlisted_recipient applies unless turned off (smtpd_reject_unlisted_recipient). */
function implicitUnlisted(ctx: Ctx): RelayVerdict | undefined {
  if ((expandedValue(ctx.config, "smtpd_reject_unlisted_recipient", ctx.service) ?? "yes") !== "yes") return undefined;
  const r = unlistedRecipient(ctx);
  ctx.trace.push({ list: "smtpd_reject_unlisted_recipient", element: "reject_unlisted_recipient", result: r.kind, note: r.note });
  if (r.kind === "UNKNOWN") ctx.rejectOnly.push(r.note);
  return undefined;
}

/** soft_bounce = yes turns every 5xx reject into 4xx. */
function softBounce(ctx: Ctx, v: RelayVerdict): RelayVerdict {
  if (v.verdict !== "REJECT" || (expandedValue(ctx.config, "soft_bounce", ctx.service) ?? "no") !== "yes") return v;
  return { ...v, verdict: "DEFER", code: `4${v.code!.slice(1)}`, enhancedCode: `4${v.enhancedCode!.slice(1)}` };
}
