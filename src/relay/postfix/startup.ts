/** Checks smtpd makes when it starts: a service that fails them accepts no mail at all. */
import { listElements, splitList, unbraceElement, type ListElement } from "../../model/postfix/lists.js";
import type { Ctx } from "./context.js";
import { RELAY_GUARDS } from "./restrictions.js";

/**
 * smtpd_milters elements "{ address, name=value, ... }": every attribute must
 * be name=value without spaces around "=" (smtpd exits with "malformed option").
 */
export function malformedMilter(value: string): string | undefined {
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
export function relayGuard(ctx: Ctx): string | undefined {
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
