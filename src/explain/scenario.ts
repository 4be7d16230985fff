/** From a logged rejection to the relay scenario that replays it, and the small facts both MTAs' explanations use. */
import ipaddr from "ipaddr.js";
import { domainOf } from "../relay/address.js";
import { verdictLine, type RelayScenario, type RelayVerdict, type TraceStep } from "../relay/types.js";
import { replay, type ExplainTarget } from "./replay.js";
import type { Rejection } from "./sessions.js";

/** The user name a replay logs in with when the log shows a login without the name (or no login at all). */
export const REPLAY_USER = "user";

/** The scenario as the log shows it, without a login; `service` for Postfix. */
export function baseScenario(r: Rejection, service: string | undefined, tls: boolean | undefined): RelayScenario {
  return {
    client: r.client,
    to: r.to ?? "",
    from: r.from ?? "",
    ...(r.helo !== undefined ? { helo: r.helo } : {}),
    ...(r.clientName !== undefined ? { clientName: r.clientName } : {}),
    ...(service !== undefined ? { service } : {}),
    tls: tls ?? true,
  };
}

/** Assumptions the replay makes where the log is silent. */
export function scenarioNotes(r: Rejection): string[] {
  return r.from === undefined ? ["the line does not show the sender; replayed with the null sender <>"] : [];
}

/** Where the log does not show TLS the replay assumes it; say so when the answer without TLS would differ. */
export function tlsAssumption(t: ExplainTarget, s: RelayScenario, v: RelayVerdict, tlsKnown: boolean): string[] {
  if (tlsKnown) return [];
  const without = replay(t, { ...s, tls: false });
  if (verdictLine(without) === verdictLine(v)) return [];
  return [`the log does not show whether the client used TLS; replayed as if it did (without TLS: ${verdictLine(without)})`];
}

/** The restriction list element or ACL statement that refused in the replay (the last step with the verdict's result). */
export function decidingStep(v: RelayVerdict): TraceStep | undefined {
  return v.trace.findLast((t) => t.result === v.verdict || (v.verdict === "REJECT" && (t.result === "DENY" || t.result === "DROP")));
}

/** Private, loopback, link-local, unique-local and CGNAT addresses: hosts of the server's own site, not strangers. */
export function isNonPublic(client: string): boolean {
  try {
    const range = ipaddr.process(client).range();
    return ["private", "loopback", "linkLocal", "uniqueLocal", "carrierGradeNat"].includes(range);
  } catch {
    return false;
  }
}

/** "1.2.3.4" → "1.2.3.4/32", "2001:db8::1" → "[2001:db8::1]/128" (Postfix mynetworks syntax). */
export function hostNetwork(client: string, postfix: boolean): string {
  const v6 = client.includes(":");
  return v6 ? (postfix ? `[${client}]/128` : `${client}/128`) : `${client}/32`;
}

/**
 * Is `domain` next to one of the server's own domains (a subdomain of one,
 * or the parent of one)? Then "not accepted" is more likely a missing domain
 * than a stranger relaying.
 */
export function relatedDomain(domain: string, own: string[]): string | undefined {
  const d = domain.toLowerCase().replace(/\.$/, "");
  if (!d.includes(".")) return undefined;
  for (const o of own) {
    const x = o.toLowerCase().replace(/\.$/, "");
    if (!x.includes(".") || x === d || x === "localhost" || x.startsWith("localhost.")) continue;
    if (d.endsWith(`.${x}`) || x.endsWith(`.${d}`)) return x;
  }
  return undefined;
}

export function recipientDomain(r: Rejection): string {
  return domainOf(r.to ?? "").toLowerCase();
}

/** The `mtalint relay` command that replays a scenario and prints its trace. */
export function reproduce(t: ExplainTarget, s: RelayScenario): string {
  const parts = ["mtalint relay", quote(t.path), "--client", s.client, "--to", quote(s.to), "--from", s.from === "" ? "''" : quote(s.from ?? "")];
  if (s.helo !== undefined) parts.push("--helo", quote(s.helo));
  if (s.clientName !== undefined) parts.push("--client-name", quote(s.clientName));
  if (s.service !== undefined && s.service !== "smtp") parts.push("--service", quote(s.service));
  if (s.sasl !== undefined) parts.push("--sasl", quote(s.sasl));
  if (s.tls === false) parts.push("--no-tls");
  if (t.thisHost) parts.push("--this-host");
  if (t.postfixVersion) parts.push("--postfix-version", t.postfixVersion);
  return parts.join(" ");
}

function quote(p: string): string {
  return /^[\w./@:+=-]+$/.test(p) ? p : `'${p.replace(/'/g, "'\\''")}'`;
}

/**
 * A what-if proves a cause when the refusal goes away: the replay accepts,
 * or gets past the refusing check to something mtalint cannot decide (a
 * policy service, a lookup) that comes after it.
 */
export function passes(w: RelayVerdict): boolean {
  return w.verdict === "ACCEPT" || w.verdict === "UNKNOWN";
}

/** "the replay accepts" / "the replay is no longer refused there (then: UNKNOWN ...)". */
export function outcome(w: RelayVerdict): string {
  return w.verdict === "ACCEPT" ? "the replay accepts" : `the replay is no longer refused there (then: ${verdictLine(w)})`;
}
