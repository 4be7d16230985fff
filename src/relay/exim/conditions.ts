/** One ACL condition for the scenario: true, false, unknown (with the reason), or a defer Exim itself raises. */
import type { EximAclCondition } from "../../ast/exim-nodes.js";
import { domainOf, localPartOf } from "../address.js";
import { findAcl, scenarioVars, unquote, type Ctx } from "./context.js";
import { evalExpansion, expansionTruth, Unknown } from "./expand.js";
import { matchAddresses, matchDomains, matchHosts, matchLocalParts, type Tri } from "./match.js";

function tri(t: Tri): boolean | { unknown: string } | { defer: true } {
  return typeof t === "object" && t.defer ? { defer: true } : t;
}

/** One ACL condition: true/false, unknown (with reason), or a defer from a nested ACL. */
export function condition(ctx: Ctx, c: EximAclCondition, depth: number): boolean | { unknown: string } | { defer: true } {
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
      const r = ctx.runNested(nested, depth + 1);
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
