/** What the Postfix relay evaluation carries from element to element, and the reply helpers every restriction uses. */
import type { MasterService } from "../../ast/postfix-nodes.js";
import { expandedValue, type PostfixConfig } from "../../model/postfix/config.js";
import { domainOf, localPartOf } from "../address.js";
import type { RelayScenario, TraceStep } from "../types.js";
import { matchDomainList, type Match } from "./match.js";
import type { TableReader } from "./tables.js";

export type Outcome =
  | { kind: "PERMIT" | "DUNNO"; note: string }
  | { kind: "REJECT" | "DEFER"; code: string; enhanced: string; text: string; note: string }
  | { kind: "UNKNOWN"; note: string; rejectOnly: boolean };

export interface Ctx {
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

export function num(ctx: Ctx, name: string, fallback: string): string {
  return expandedValue(ctx.config, name, ctx.service)?.trim() || fallback;
}

/** The domain lists that make a recipient domain one this server receives mail for, in smtpd's order. */
const DESTINATION_LISTS = ["mydestination", "virtual_alias_domains", "virtual_mailbox_domains", "relay_domains"];

/** reject_unauth_destination's test: is the recipient domain one this server may receive mail for? */
export function authorizedDestination(ctx: Ctx): Match & { why?: string } {
  const domain = domainOf(ctx.s.to);
  if (domain === "") return { match: true, why: "a recipient without domain is local" };
  const local = /[%!@]/.test(localPartOf(ctx.s.to));
  for (const param of DESTINATION_LISTS) {
    const m = matchDomainList(ctx.config, param, domain, ctx.tables, ctx.service);
    if ("unknown" in m) return { unknown: m.unknown };
    if (m.match) {
      if (param === "relay_domains" && local) return { match: false };
      return { match: true, why: `${domain} matches ${param}` };
    }
  }
  return { match: false };
}

export function reply(code: string, enhanced: string, text: string, note: string, kind?: "REJECT" | "DEFER"): Outcome {
  return { kind: kind ?? (code.startsWith("4") ? "DEFER" : "REJECT"), code, enhanced, text, note };
}

const REPLY_CLASS: Record<string, [string, (c: Ctx) => string]> = {
  smtpd_client_restrictions: ["Client host", (c) => `${c.s.clientName || "unknown"}[${c.s.client}]`],
  smtpd_helo_restrictions: ["Helo command", (c) => c.s.helo ?? ""],
  smtpd_sender_restrictions: ["Sender address", (c) => c.s.from ?? ""],
  smtpd_relay_restrictions: ["Recipient address", (c) => c.s.to],
  smtpd_recipient_restrictions: ["Recipient address", (c) => c.s.to],
};

export function replyClass(ctx: Ctx, list: string): [string, string] {
  const base = list.split(" → ")[0]!;
  const [cls, name] = REPLY_CLASS[base] ?? ["Recipient address", (c: Ctx) => c.s.to];
  return [cls, name(ctx)];
}
