/** check_{client,helo,sender,recipient}_access: the keys smtpd looks up and what access(5) results mean. */
import type { ListElement } from "../../model/postfix/lists.js";
import { num, reply, replyClass, type Ctx, type Outcome } from "./context.js";

/** check_{client,helo,sender,recipient}_access TYPE:NAME with access(5) results. */
export function accessCheck(ctx: Ctx, list: string, name: string, arg: ListElement | undefined): Outcome {
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
