/**
 * Exim main-log messages (after the timestamp and optional [pid]). Exim writes
 * an ACL refusal as (smtp_in.c, smtp_handle_acl_fail):
 *   HOST_AND_IDENT F=<sender>[ A=authenticator:id] [temporarily ]rejected WHAT[: log message]
 * where HOST_AND_IDENT is "H=[name ][(helo) ][addr][:port][ I=[addr]:port][ U=ident]" and
 * WHAT is "RCPT <address>", "MAIL <address>", "connection in "connect" ACL", "after DATA"...
 * A failed login: "NAME authenticator failed for HOST: 535 Incorrect authentication data (set_id=USER)".
 */
import type { LogEvent, LoggedRejection, Stage } from "./log-events.js";

/** Exim message ids: 1tXyZa-000ABC-12 (before 4.97) or 1tXyZa-000000ABCD-1234 (4.97 on). */
const MESSAGE_ID = /^[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4} /;
const HOST = /^H=(?:([^\s(\[]\S*) )?(?:\(([^)]*)\) )?\[([0-9A-Fa-f:.]+)\](?::(\d+))?/;

export function parseEximMessage(body: string): LogEvent | undefined {
  const text = body.replace(MESSAGE_ID, "");
  const rej = /^(H=.*?) (temporarily )?rejected (.*)$/.exec(text);
  if (rej) return rejection(rej[1]!, rej[2] !== undefined, rej[3]!);
  const auth = /^(\S+) authenticator failed for (.*?)\[([0-9A-Fa-f:.]+)\](?::\d+)?(?: I=\S+)?: (.*)$/.exec(text);
  if (auth) {
    const user = /\(set_id=(.*)\)$/.exec(auth[4]!)?.[1];
    return { type: "login-failed", mta: "exim", client: auth[3]!, mechanism: auth[1]!, ...(user !== undefined ? { user } : {}) };
  }
  return undefined;
}

function rejection(info: string, temporary: boolean, what: string): LogEvent | undefined {
  const h = HOST.exec(info);
  if (!h) return undefined;
  const [, name, helo, addr, port] = h;
  const fields = infoFields(info.slice(h[0].length));
  let stage: Stage = "OTHER";
  let to: string | undefined;
  let message: string;
  const rcpt = /^RCPT (<[^>]*>|\S+?)(?:: (.*))?$/.exec(what);
  if (rcpt) {
    stage = "RCPT";
    to = rcpt[1]!.replace(/^<(.*)>$/, "$1");
    message = rcpt[2] ?? "";
  } else {
    const other = /^(MAIL|EHLO or HELO|connection|after DATA|DATA|VRFY|EXPN|ETRN|AUTH|STARTTLS|QUIT|non-SMTP|after MIME)\b([^:]*)(?:: (.*))?$/.exec(what);
    stage = other ? stageOf(other[1]!) : "OTHER";
    message = other?.[3] ?? "";
  }
  const r: LoggedRejection = {
    mta: "exim",
    stage,
    action: temporary ? "temporarily rejected" : "rejected",
    client: addr!,
    reply: { kind: temporary ? "DEFER" : "REJECT", ...replyParts(message) },
  };
  if (name) r.clientName = name;
  // With a verified host name and a HELO equal to it, Exim prints the name only.
  const heloName = helo ?? name;
  if (heloName !== undefined) r.helo = heloName;
  if (port) r.clientPort = port;
  if (to !== undefined) r.to = to;
  const sender = fields.get("F");
  if (sender !== undefined) r.from = sender.replace(/^<(.*)>$/, "$1");
  const a = fields.get("A");
  if (a !== undefined) {
    const i = a.indexOf(":");
    r.authenticator = i < 0 ? a : a.slice(0, i);
    if (i >= 0) r.authId = a.slice(i + 1);
  }
  const x = fields.get("X");
  if (x !== undefined) r.tlsCipher = x;
  const u = fields.get("U");
  if (u !== undefined) r.ident = u;
  const p = fields.get("P");
  if (p !== undefined) r.proto = p;
  const i = /\]:(\d+)$/.exec(fields.get("I") ?? "");
  if (i) r.localPort = i[1]!;
  return { type: "rejection", mta: "exim", rejection: r };
}

/** " I=[192.0.2.1]:25 U=ident F=<a@b> A=plain:alice" → Map. Sender addresses are bracketed, everything else is one word. */
function infoFields(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /\s*([A-Z]{1,3})=(<[^>]*>|\S+)/y;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.set(m[1]!, m[2]!);
  return out;
}

/** An ACL message may start with its own code ("550 5.7.1 go away", "4.7.1 try again later"). */
function replyParts(message: string): { code?: string; enhancedCode?: string; text: string } {
  const m = /^(?:([45]\d\d) )?(?:([45]\.\d{1,3}\.\d{1,3}) )?(.*)$/s.exec(message)!;
  return { ...(m[1] ? { code: m[1] } : {}), ...(m[2] ? { enhancedCode: m[2] } : {}), text: m[3]! };
}

function stageOf(word: string): Stage {
  switch (word) {
    case "MAIL":
      return "MAIL";
    case "EHLO or HELO":
      return "HELO";
    case "connection":
      return "CONNECT";
    case "after DATA":
    case "DATA":
    case "after MIME":
      return "DATA";
    case "VRFY":
    case "EXPN":
      return "VRFY";
    case "ETRN":
      return "ETRN";
    case "AUTH":
      return "AUTH";
    default:
      return "OTHER";
  }
}
