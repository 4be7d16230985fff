/** One ACL condition for the scenario: true, false, unknown (with the reason), or a defer Exim itself raises. */
import type { EximAclCondition } from "../../ast/exim-nodes.js";
import { domainOf, localPartOf } from "../address.js";
import { findAcl, scenarioVars, unquote, type Ctx } from "./context.js";
import { evalExpansion, expansionTruth, Unknown } from "./expand.js";
import { splitEximList } from "../../model/exim/lists.js";
import { failureOf, parseLookupItem, type Failure } from "./lookups.js";
import { matchAddresses, matchDomains, matchHosts, matchLocalParts, type Tri } from "./match.js";

function tri(t: Tri): boolean | { unknown: string; failure?: Failure } | { defer: true } {
  if (typeof t !== "object") return t;
  if (t.defer) return { defer: true };
  return t.failure ? { unknown: t.unknown, failure: t.failure } : { unknown: t.unknown };
}

/**
 * A condition's outcome: true/false, unknown (with the reason), a defer (from a nested ACL, with its message),
 * or false from a nested ACL that denied with a message (`no`), which answers for the statement that has none.
 */
export type ConditionResult =
  | boolean
  /**
   * `thirdWay`: besides true and false, the condition may defer the statement (a nested ACL mtalint cannot decide).
   * `failure`: a lookup in the list may fail at run time: Exim defers (`defer`) or drops the connection (`panic`).
   */
  | { unknown: string; thirdWay?: true; failure?: Failure }
  /** `error`: Exim fails the condition itself (no such ACL, a nested discard where it is not allowed); even warn defers then. */
  | { defer: true; message?: string; error?: true }
  | { no: true; message: string }
  | { yes: true; message: string }
  | { discard: true };

/**
 * A list item that is a file lookup or a file name with an expansion in it (lsearch;/etc/mail/$domain),
 * or undefined. Measured with exim -bh (4.96): a file name expanded from $domain, $local_part or the
 * sender is "tainted", and Exim ends the session with a panic instead of opening it.
 */
function fileNamedByExpansion(list: string): string | undefined {
  for (const it of splitEximList(list)) {
    const text = it.text.replace(/^(!\s*)+/, "");
    if (!text.includes("$")) continue;
    const lookup = parseLookupItem(text);
    if (text.startsWith("/") || (lookup && failureOf(lookup.type) === "panic")) return text;
  }
  return undefined;
}

/** One ACL condition of a statement with verb `verb`: true/false, unknown (with reason), or a defer from a nested ACL. */
export function condition(ctx: Ctx, c: EximAclCondition, depth: number, verb = "accept"): ConditionResult {
  let value = c.value === undefined ? "" : unquote(c.value);
  if (value.includes("$") && c.name !== "condition") {
    const named = fileNamedByExpansion(value);
    if (named !== undefined) {
      return {
        unknown: `${c.name} = ${value.trim()}: the file name in "${named}" is made by an expansion; Exim refuses one made from what the client sent (tainted, as $domain) and ends the session without answering, and mtalint does not follow taint`,
        failure: "panic",
      };
    }
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
      if (!nested) return { defer: true, error: true };
      if (depth > 20) return { unknown: "ACLs nest too deep" };
      const r = ctx.runNested(nested, depth + 1);
      if (r.kind === "unknown") return { unknown: r.reason, thirdWay: true };
      if (r.kind === "defer") return r.message !== undefined ? { defer: true, message: r.message } : { defer: true };
      // Measured with exim -bh: a nested discard ends an accept or discard statement at once with discard (the
      // conditions after it are not tested); for any other verb Exim fails the condition with an error and defers.
      // A nested deny or drop is false, and its message is the statement's reply when it has none of its own.
      if (r.kind === "discard") return verb === "accept" || verb === "discard" ? { discard: true } : { defer: true, error: true };
      // Whatever the nested ACL answers, the message it set is the statement's when the statement has none (measured).
      if (r.kind === "accept") return r.message !== undefined ? { yes: true, message: r.message } : true;
      return "message" in r && r.message !== undefined ? { no: true, message: r.message } : false;
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
