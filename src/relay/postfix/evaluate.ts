/** One smtpd restriction at RCPT time: what it decides for the scenario (smtpd_check.c, postconf(5)). */
import type { ListElement } from "../../model/postfix/lists.js";
import { postfixRestrictionFact } from "../../model/drift/postfix.js";
import { atOrAfter } from "../../model/drift/version.js";
import { expandedValue } from "../../model/postfix/config.js";
import { accessCheck } from "./access.js";
import { domainOf } from "../address.js";
import { authorizedDestination, num, reply, replyClass, type Ctx, type Outcome } from "./context.js";
import { matchDomainList, matchMynetworks } from "./match.js";
import { NO_EFFECT, REJECT_ONLY_UNKNOWN } from "./restrictions.js";

export function restriction(ctx: Ctx, list: string, name: string, arg: ListElement | undefined): Outcome {
  const s = ctx.s;
  // Judged for another release: a restriction that release removed answers 451 4.3.5 (smtpd_check.c reject_server_error).
  const target = ctx.config.targetVersion;
  const removed = target ? postfixRestrictionFact(name)?.removed : undefined;
  if (target && removed && atOrAfter(target, removed)) {
    return reply("451", "4.3.5", "Server configuration error", `${name} was removed in Postfix ${removed}; smtpd answers 451 4.3.5 to every request that reaches it`, "DEFER");
  }
  switch (name) {
    case "permit":
      return { kind: "PERMIT", note: "permit" };
    case "reject": {
      const [cls, replyName] = replyClass(ctx, list);
      return reply(num(ctx, "reject_code", "554"), "5.7.1", `<${replyName}>: ${cls} rejected: Access denied`, "reject");
    }
    case "defer": {
      const [cls, replyName] = replyClass(ctx, list);
      return reply(num(ctx, "defer_code", "450"), "4.3.2", `<${replyName}>: ${cls} rejected: Try again later`, "defer", "DEFER");
    }
    case "defer_if_permit":
    case "defer_if_reject":
      return { kind: "UNKNOWN", note: `${name} changes a later decision; not modelled`, rejectOnly: false };
    case "permit_mynetworks": {
      const m = matchMynetworks(ctx.config, s.client, s.clientName, ctx.tables, ctx.service, s.thisHost === true);
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
    case "reject_unknown_client_hostname":
    case "reject_unknown_client":
    case "reject_unknown_reverse_client_hostname": {
      // Decidable when the scenario says what the client's verified name is: "" for a client without one (logged as
      // unknown[ip]). A verified name implies a reverse name; the lack of one says nothing about the reverse name.
      if (s.clientName === undefined || (s.clientName === "" && name === "reject_unknown_reverse_client_hostname")) break;
      if (s.clientName !== "") return { kind: "DUNNO", note: `the client's name ${s.clientName} was verified` };
      const code = num(ctx, "unknown_client_reject_code", "450");
      return reply(code, `${code[0]}.7.25`, `Client host rejected: cannot find your hostname, [${s.client}]`, "the client has no host name");
    }
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

/** smtpd_reject_unlisted_recipient: a local recipient must exist; mtalint cannot see the user tables. */
export function unlistedRecipient(ctx: Ctx): Outcome {
  const domain = domainOf(ctx.s.to);
  if (!matches(ctx, "mydestination", domain) && !matches(ctx, "virtual_alias_domains", domain) && !matches(ctx, "virtual_mailbox_domains", domain)) {
    const relay = matchDomainList(ctx.config, "relay_domains", domain, ctx.tables, ctx.service);
    const relayed = "match" in relay && relay.match;
    if (!relayed || (expandedValue(ctx.config, "relay_recipient_maps", ctx.service) ?? "") === "") {
      return { kind: "DUNNO", note: "not a local recipient" };
    }
  }
  if (ctx.s.assumeRecipientExists) return { kind: "DUNNO", note: "recipient assumed to exist" };
  return { kind: "UNKNOWN", note: `whether ${ctx.s.to} exists in the recipient tables`, rejectOnly: true };
}

function matches(ctx: Ctx, param: string, domain: string): boolean {
  const m = matchDomainList(ctx.config, param, domain, ctx.tables, ctx.service);
  return "match" in m && m.match;
}
