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
import { expandedValue, type PostfixConfig } from "../../model/postfix/config.js";
import { listElements, splitList, unbraceElement, type ListElement } from "../../model/postfix/lists.js";
import type { RelayScenario, RelayVerdict, TraceStep } from "../types.js";
import { matchDomainList, matchMynetworks, type Match } from "./match.js";
import { postfixRestrictionFact } from "../../model/drift/postfix.js";
import { atOrAfter } from "../../model/drift/version.js";
import { NO_EFFECT, REJECT_ONLY_UNKNOWN, RELAY_GUARDS, TAKES_ARGUMENT } from "./restrictions.js";
import { createTableReader, type TableReader } from "./tables.js";

type Outcome =
  | { kind: "PERMIT" | "DUNNO"; note: string }
  | { kind: "REJECT" | "DEFER"; code: string; enhanced: string; text: string; note: string }
  | { kind: "UNKNOWN"; note: string; rejectOnly: boolean };

/** The four stages smtpd checks at RCPT time with smtpd_delay_reject = yes. */
const LISTS = ["smtpd_client_restrictions", "smtpd_helo_restrictions", "smtpd_sender_restrictions"] as const;

interface Ctx {
  config: PostfixConfig;
  service: MasterService | undefined;
  s: Required<Pick<RelayScenario, "client" | "to">> & RelayScenario;
  authenticated: boolean;
  tables: TableReader;
  trace: TraceStep[];
  /** Unknowns that could only have rejected earlier (verdict stays, noted). */
  rejectOnly: string[];
  classes: Set<string>;
}

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
  const saslEnabled = value("smtpd_sasl_auth_enable") === "yes";
  // smtpd_tls_auth_only: AUTH is offered only inside TLS, so it needs TLS on this service (and a client that uses it).
  const tlsLevel = value("smtpd_tls_security_level") || (value("smtpd_enforce_tls") === "yes" ? "encrypt" : value("smtpd_use_tls") === "yes" ? "may" : "none");
  const tlsOffered = value("smtpd_tls_wrappermode") === "yes" || tlsLevel === "may" || tlsLevel === "encrypt";
  const authOnly = value("smtpd_tls_auth_only") === "yes";
  const authHidden = authOnly && (!tlsOffered || scenario.tls === false);
  const authenticated = scenario.sasl !== undefined && saslEnabled && !authHidden;
  if (scenario.sasl !== undefined) {
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
    s: { ...scenario, client: scenario.client, to: scenario.to },
    authenticated,
    tables: createTableReader(config.dir),
    trace,
    rejectOnly: [],
    classes: new Set(
      value("smtpd_restriction_classes")
        .split(/[\s,]+/)
        .filter(Boolean),
    ),
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

  const relayFirst = value("smtpd_relay_before_recipient_restrictions") === "yes";
  const order = [...LISTS, ...(relayFirst ? ["smtpd_relay_restrictions", "smtpd_recipient_restrictions"] : ["smtpd_recipient_restrictions", "smtpd_relay_restrictions"])];
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

/**
 * smtpd_milters elements "{ address, name=value, ... }": every attribute must
 * be name=value without spaces around "=" (smtpd exits with "malformed option").
 */
function malformedMilter(value: string): string | undefined {
  for (const el of splitList(value)) {
    if (!el.text.startsWith("{")) continue;
    const [, ...attrs] = splitList(unbraceElement(el.text));
    const bad = attrs.find((a) => !/^[^=]+=/.test(a.text));
    if (bad) return `smtpd_milters: malformed option "${bad.text}" in ${el.text} (write name=value without spaces)`;
  }
  return undefined;
}

/**
 * smtpd refuses to start unless the relay or recipient list holds a relay
 * guard before any "permit" (smtpd_check.c has_required()).
 */
function relayGuard(ctx: Ctx): string | undefined {
  const has = (elements: ListElement[], depth: number): boolean => {
    for (let i = 0; i < elements.length; i++) {
      const name = elements[i]!.text;
      if (name === "warn_if_reject") {
        i++;
        continue;
      }
      if (name === "permit") return false;
      if (RELAY_GUARDS.has(name)) return true;
      if (ctx.classes.has(name) && depth < 20 && has(listElements(ctx.config, name, ctx.service), depth + 1)) return true;
    }
    return false;
  };
  const relay = listElements(ctx.config, "smtpd_relay_restrictions", ctx.service);
  const rcpt = listElements(ctx.config, "smtpd_recipient_restrictions", ctx.service);
  if (has(relay, 0) || has(rcpt, 0)) return undefined;
  ctx.trace.push({
    list: "startup",
    result: "FATAL",
    note: "neither smtpd_relay_restrictions nor smtpd_recipient_restrictions has reject_unauth_destination, defer_unauth_destination, reject, defer or defer_if_permit before any permit",
  });
  return `smtpd${ctx.service ? ` (service ${ctx.service.name})` : ""} exits at start: neither smtpd_relay_restrictions nor smtpd_recipient_restrictions holds reject_unauth_destination, defer_unauth_destination, reject or defer (before any permit), so no mail is accepted`;
}

function evaluateList(ctx: Ctx, list: string, elements: ListElement[], depth: number): Outcome {
  if (elements.length === 0) {
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
  ctx.trace.push({ list, result: "PERMIT", note: "end of list: permit" });
  return { kind: "PERMIT", note: "end of list" };
}

function step(list: string, el: ListElement, result: string, note: string, arg?: ListElement): TraceStep {
  const t: TraceStep = { list, element: arg ? `${el.text} ${arg.text}` : el.text, result, note };
  if (el.range) t.range = el.range;
  return t;
}

function num(ctx: Ctx, name: string, fallback: string): string {
  return expandedValue(ctx.config, name, ctx.service)?.trim() || fallback;
}

function domainOf(address: string): string {
  const at = address.lastIndexOf("@");
  return at < 0 ? "" : address.slice(at + 1);
}

/** reject_unauth_destination's test: is the recipient domain one this server may receive mail for? */
function authorizedDestination(ctx: Ctx): Match & { why?: string } {
  const domain = domainOf(ctx.s.to);
  if (domain === "") return { match: true, why: "a recipient without domain is local" };
  const local = /[%!@]/.test(ctx.s.to.slice(0, ctx.s.to.lastIndexOf("@")));
  for (const param of ["mydestination", "virtual_alias_domains", "virtual_mailbox_domains", "relay_domains"]) {
    const m = matchDomainList(ctx.config, param, domain, ctx.tables, ctx.service);
    if ("unknown" in m) return { unknown: m.unknown };
    if (m.match) {
      if (param === "relay_domains" && local) return { match: false };
      return { match: true, why: `${domain} matches ${param}` };
    }
  }
  return { match: false };
}

function reply(code: string, enhanced: string, text: string, note: string, kind?: "REJECT" | "DEFER"): Outcome {
  return { kind: kind ?? (code.startsWith("4") ? "DEFER" : "REJECT"), code, enhanced, text, note };
}

const REPLY_CLASS: Record<string, [string, (c: Ctx) => string]> = {
  smtpd_client_restrictions: ["Client host", (c) => `${c.s.clientName ?? "unknown"}[${c.s.client}]`],
  smtpd_helo_restrictions: ["Helo command", (c) => c.s.helo ?? ""],
  smtpd_sender_restrictions: ["Sender address", (c) => c.s.from ?? ""],
  smtpd_relay_restrictions: ["Recipient address", (c) => c.s.to],
  smtpd_recipient_restrictions: ["Recipient address", (c) => c.s.to],
};

function replyClass(ctx: Ctx, list: string): [string, string] {
  const base = list.split(" → ")[0]!;
  const [cls, name] = REPLY_CLASS[base] ?? ["Recipient address", (c: Ctx) => c.s.to];
  return [cls, name(ctx)];
}

function restriction(ctx: Ctx, list: string, name: string, arg: ListElement | undefined): Outcome {
  const s = ctx.s;
  const [cls, replyName] = replyClass(ctx, list);
  // Judged for another release: a restriction that release removed answers 451 4.3.5 (smtpd_check.c reject_server_error).
  const target = ctx.config.targetVersion;
  const removed = target ? postfixRestrictionFact(name)?.removed : undefined;
  if (target && removed && atOrAfter(target, removed)) {
    return reply("451", "4.3.5", "Server configuration error", `${name} was removed in Postfix ${removed}; smtpd answers 451 4.3.5 to every request that reaches it`, "DEFER");
  }
  switch (name) {
    case "permit":
      return { kind: "PERMIT", note: "permit" };
    case "reject":
      return reply(num(ctx, "reject_code", "554"), "5.7.1", `<${replyName}>: ${cls} rejected: Access denied`, "reject");
    case "defer":
      return reply(num(ctx, "defer_code", "450"), "4.3.2", `<${replyName}>: ${cls} rejected: Try again later`, "defer", "DEFER");
    case "defer_if_permit":
    case "defer_if_reject":
      return { kind: "UNKNOWN", note: `${name} changes a later decision; not modelled`, rejectOnly: false };
    case "permit_mynetworks": {
      const m = matchMynetworks(ctx.config, s.client, s.clientName, ctx.tables, ctx.service);
      if ("unknown" in m) return { kind: "UNKNOWN", note: m.unknown, rejectOnly: false };
      return m.match ? { kind: "PERMIT", note: `${s.client} is in mynetworks` } : { kind: "DUNNO", note: `${s.client} is not in mynetworks` };
    }
    case "permit_sasl_authenticated":
      return ctx.authenticated
        ? { kind: "PERMIT", note: `the client authenticated as ${s.sasl}` }
        : { kind: "DUNNO", note: s.sasl !== undefined ? "the client could not authenticate: SASL is off for this service" : "the client did not authenticate" };
    case "reject_unauth_destination":
    case "defer_unauth_destination":
    case "permit_auth_destination":
    case "check_relay_domains": {
      const m = authorizedDestination(ctx);
      if ("unknown" in m) return { kind: "UNKNOWN", note: m.unknown, rejectOnly: false };
      if (m.match) {
        return name === "permit_auth_destination" || name === "check_relay_domains"
          ? { kind: "PERMIT", note: m.why ?? "authorized destination" }
          : { kind: "DUNNO", note: `${m.why ?? "authorized destination"}: not a relay` };
      }
      if (name === "permit_auth_destination") return { kind: "DUNNO", note: `${domainOf(s.to)} is not a local or relay domain` };
      const relayCode = num(ctx, "relay_domains_reject_code", "554");
      if (name === "check_relay_domains") {
        return reply(num(ctx, "relay_domains_reject_code", "554"), "5.7.1", `<${s.to}>: Recipient address rejected: Relay access denied`, `${domainOf(s.to)} is remote: relaying refused`);
      }
      if (name === "defer_unauth_destination") {
        return reply(String(Number(relayCode) - 100), "4.7.1", `<${s.to}>: Relay access denied`, `${domainOf(s.to)} is remote: relaying refused (temporary)`, "DEFER");
      }
      return reply(relayCode, "5.7.1", `<${s.to}>: Relay access denied`, `${domainOf(s.to)} is remote: relaying refused`);
    }
    case "reject_non_fqdn_recipient":
    case "reject_non_fqdn_sender": {
      const addr = name === "reject_non_fqdn_recipient" ? s.to : (s.from ?? "");
      const c = name === "reject_non_fqdn_recipient" ? "Recipient address" : "Sender address";
      if (addr === "" || fqdnAddress(addr)) return { kind: "DUNNO", note: "fully qualified" };
      return reply(num(ctx, "non_fqdn_reject_code", "504"), "5.5.2", `<${addr}>: ${c} rejected: need fully-qualified address`, "not fully qualified");
    }
    case "reject_non_fqdn_helo_hostname":
    case "reject_non_fqdn_hostname": {
      const h = s.helo ?? "";
      if (h === "" || /^\[.*\]$/.test(h) || /\.[a-z0-9-]+\.?$/i.test(h)) return { kind: "DUNNO", note: "fully qualified (or absent)" };
      return reply(num(ctx, "non_fqdn_reject_code", "504"), "5.5.2", `<${h}>: Helo command rejected: need fully-qualified hostname`, "HELO name not fully qualified");
    }
    case "reject_invalid_helo_hostname":
    case "reject_invalid_hostname": {
      const h = s.helo ?? "";
      if (h === "" || /^\[.*\]$/.test(h) || /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?$/i.test(h)) return { kind: "DUNNO", note: "valid (or absent)" };
      return reply(num(ctx, "invalid_hostname_reject_code", "501"), "5.5.2", `<${h}>: Helo command rejected: Invalid name`, "invalid HELO name");
    }
    case "reject_unknown_recipient_domain":
    case "reject_unknown_sender_domain": {
      const addr = name === "reject_unknown_recipient_domain" ? s.to : (s.from ?? "");
      if (addr === "" || domainOf(addr) === "") return { kind: "DUNNO", note: "no domain" };
      if (name === "reject_unknown_recipient_domain") {
        const m = authorizedDestination(ctx);
        if ("match" in m && m.match) return { kind: "DUNNO", note: `${domainOf(addr)} is a local or relay domain` };
      }
      return { kind: "UNKNOWN", note: `DNS records of ${domainOf(addr)}`, rejectOnly: true };
    }
    case "reject_unlisted_recipient":
    case "check_recipient_maps":
      return unlistedRecipient(ctx);
    case "reject_unlisted_sender":
      return { kind: "UNKNOWN", note: "whether the sender is a known local address", rejectOnly: true };
    case "permit_inet_interfaces":
      return /^127\.|^::1$/.test(s.client) ? { kind: "PERMIT", note: "loopback client" } : { kind: "DUNNO", note: "not the server's own address" };
    case "permit_mx_backup":
      return { kind: "UNKNOWN", note: `MX records of ${domainOf(s.to)}`, rejectOnly: false };
    case "check_policy_service":
      return { kind: "UNKNOWN", note: `the policy service ${arg?.text ?? ""} decides`, rejectOnly: false };
    case "permit_dnswl_client":
    case "permit_rhswl_client":
      return { kind: "UNKNOWN", note: `a DNS allowlist lookup (${arg?.text ?? ""})`, rejectOnly: false };
    case "reject_maps_rbl":
      return { kind: "UNKNOWN", note: "a DNS blocklist lookup (maps_rbl_domains)", rejectOnly: true };
    case "permit_naked_ip_address":
      return /^\[?[\d.]+\]?$/.test(s.helo ?? "") ? { kind: "PERMIT", note: "HELO is an IP address" } : { kind: "DUNNO", note: "HELO is not an IP address" };
  }
  if (name.startsWith("check_") && name.endsWith("_access")) return accessCheck(ctx, list, name, arg);
  if (name in REJECT_ONLY_UNKNOWN) return { kind: "UNKNOWN", note: `${REJECT_ONLY_UNKNOWN[name]}${arg ? ` (${arg.text})` : ""}`, rejectOnly: true };
  if (name in NO_EFFECT) return { kind: "DUNNO", note: NO_EFFECT[name]! };
  return reply("451", "4.3.5", "Server configuration error", `unknown restriction "${name}": smtpd answers 451 4.3.5 to every request that reaches it`, "DEFER");
}

function fqdnAddress(addr: string): boolean {
  const d = domainOf(addr);
  return d !== "" && (d.includes(".") || /^\[.*\]$/.test(d));
}

/** check_{client,helo,sender,recipient}_access TYPE:NAME with access(5) results. */
function accessCheck(ctx: Ctx, list: string, name: string, arg: ListElement | undefined): Outcome {
  if (!arg) return reply("451", "4.3.5", "Server configuration error", `${name} has no table`, "DEFER");
  const table = arg.text;
  const s = ctx.s;
  // The reply names what was looked up (smtpd_check.c), whichever list the check stands in.
  const byKind: Record<string, string> = {
    check_client_access: "smtpd_client_restrictions",
    check_helo_access: "smtpd_helo_restrictions",
    check_sender_access: "smtpd_sender_restrictions",
    check_recipient_access: "smtpd_recipient_restrictions",
  };
  const [cls, replyName] = replyClass(ctx, byKind[name] ?? list);
  let keys: string[];
  switch (name) {
    case "check_client_access":
      keys = [s.client, ...ipPrefixes(s.client), ...(s.clientName ? domainKeys(s.clientName) : [])];
      break;
    case "check_helo_access":
      keys = s.helo ? domainKeys(s.helo) : [];
      break;
    case "check_sender_access":
      keys = s.from ? addressKeys(s.from) : ["<>"];
      break;
    case "check_recipient_access":
      keys = addressKeys(s.to);
      break;
    default:
      return { kind: "UNKNOWN", note: `${name} ${table} depends on DNS or TLS state`, rejectOnly: false };
  }
  // Pattern tables (regexp, pcre, cidr) are queried with whole strings only, never partial keys (access(5)).
  if (/^(regexp|pcre|cidr):/.test(table)) {
    const whole = name === "check_client_access" ? [s.client, ...(s.clientName ? [s.clientName] : [])] : keys.slice(0, 1);
    keys = whole;
  }
  for (const key of keys) {
    const r = ctx.tables.lookup(table, key);
    if ("unknown" in r) return { kind: "UNKNOWN", note: r.unknown, rejectOnly: false };
    if ("error" in r) return reply("451", "4.3.5", `<${replyName}>: ${cls} rejected: Server configuration error`, r.error, "DEFER");
    if (!r.found) continue;
    return accessResult(ctx, r.value, cls, replyName, `${table} has ${key} → ${r.value}`);
  }
  return { kind: "DUNNO", note: `not found in ${table}` };
}

function accessResult(ctx: Ctx, value: string, cls: string, replyName: string, note: string): Outcome {
  const [action = "", ...rest] = value.trim().split(/\s+/);
  const text = rest.join(" ");
  const upper = action.toUpperCase();
  if (upper === "OK" || /^\d+$/.test(action)) return { kind: "PERMIT", note };
  if (upper === "DUNNO") return { kind: "DUNNO", note };
  if (upper === "REJECT") return reply(num(ctx, "access_map_reject_code", "554"), "5.7.1", `<${replyName}>: ${cls} rejected: ${text || "Access denied"}`, note);
  if (upper === "DEFER") return reply(num(ctx, "access_map_defer_code", "450"), "4.7.1", `<${replyName}>: ${cls} rejected: ${text || "Access denied"}`, note, "DEFER");
  const m = /^([45]\d\d)(?:\s+(\d\.\d{1,3}\.\d{1,3}))?\s*(.*)$/.exec(value.trim());
  if (m) return reply(m[1]!, m[2] ?? (m[1]!.startsWith("4") ? "4.7.1" : "5.7.1"), `<${replyName}>: ${cls} rejected: ${m[3]}`, note);
  if (["WARN", "INFO", "HOLD", "DISCARD", "FILTER", "REDIRECT", "BCC", "PREPEND"].includes(upper)) {
    return { kind: upper === "DISCARD" ? "UNKNOWN" : "DUNNO", note: `${note} (${upper} does not decide relay)`, rejectOnly: false } as Outcome;
  }
  return { kind: "UNKNOWN", note: `${note}: action evaluated as a restriction is not modelled`, rejectOnly: false };
}

function ipPrefixes(ip: string): string[] {
  const parts = ip.split(".");
  if (parts.length !== 4) return [];
  return [parts.slice(0, 3).join("."), parts.slice(0, 2).join("."), parts[0]!];
}

function domainKeys(name: string): string[] {
  const out = [name.toLowerCase()];
  let rest = name.toLowerCase();
  for (let dot = rest.indexOf("."); dot >= 0; dot = rest.indexOf(".")) {
    rest = rest.slice(dot + 1);
    out.push(rest, `.${rest}`);
  }
  return out;
}

function addressKeys(addr: string): string[] {
  const at = addr.lastIndexOf("@");
  if (at < 0) return [addr.toLowerCase(), `${addr.toLowerCase()}@`];
  return [addr.toLowerCase(), ...domainKeys(addr.slice(at + 1)), `${addr.slice(0, at + 1).toLowerCase()}`];
}

/** smtpd_reject_unlisted_recipient: a local recipient must exist; mtalint cannot see the user tables. */
function unlistedRecipient(ctx: Ctx): Outcome {
  const domain = domainOf(ctx.s.to);
  const m = matchDomainList(ctx.config, "mydestination", domain, ctx.tables, ctx.service);
  const local = "match" in m && m.match;
  const virtual = ["virtual_alias_domains", "virtual_mailbox_domains"].some((p) => {
    const r = matchDomainList(ctx.config, p, domain, ctx.tables, ctx.service);
    return "match" in r && r.match;
  });
  if (!local && !virtual) {
    const relay = matchDomainList(ctx.config, "relay_domains", domain, ctx.tables, ctx.service);
    const relayed = "match" in relay && relay.match;
    if (!relayed || (expandedValue(ctx.config, "relay_recipient_maps", ctx.service) ?? "") === "") {
      return { kind: "DUNNO", note: "not a local recipient" };
    }
  }
  if (ctx.s.assumeRecipientExists) return { kind: "DUNNO", note: "recipient assumed to exist" };
  return { kind: "UNKNOWN", note: `whether ${ctx.s.to} exists in the recipient tables`, rejectOnly: true };
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
  if ((expandedValue(ctx.config, "soft_bounce", ctx.service) ?? "no") !== "yes" || v.verdict !== "REJECT") return v;
  return { ...v, verdict: "DEFER", code: `4${v.code!.slice(1)}`, enhancedCode: `4${v.enhancedCode!.slice(1)}` };
}

