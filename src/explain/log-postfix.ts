/**
 * Postfix log messages (the text after "postfix/smtpd[pid]: "). smtpd writes a
 * rejection as (smtpd_check.c, log_whatsup):
 *   QUEUEID|NOQUEUE: ACTION: STAGE from NAME[ADDR][:PORT]: REPLY; from=<S> to=<R> proto=P helo=<H>
 * where each of from/to/proto/helo is left out when unknown. Session lines:
 *   connect from NAME[ADDR]            disconnect from NAME[ADDR] ehlo=1 auth=0/1 ... commands=N/M
 *   QUEUEID: client=NAME[ADDR], sasl_method=PLAIN, sasl_username=USER
 *   warning: NAME[ADDR]: SASL LOGIN authentication failed: REASON[, sasl_username=USER]
 *   Anonymous|Trusted|Untrusted|Verified TLS connection established from NAME[ADDR]: ...
 */
import { parseNameAddr, type LogEvent, type LoggedRejection, type Stage } from "./log-events.js";

const STAGES: Record<string, Stage> = {
  CONNECT: "CONNECT",
  EHLO: "HELO",
  HELO: "HELO",
  MAIL: "MAIL",
  RCPT: "RCPT",
  DATA: "DATA",
  "END-OF-MESSAGE": "END-OF-MESSAGE",
  VRFY: "VRFY",
  ETRN: "ETRN",
};

/** Actions that refuse the command; reject_warning (warn_if_reject) only logs. */
const REFUSING = new Set(["reject", "milter-reject", "defer"]);

const REJECT_HEAD = /^(NOQUEUE|[0-9A-Za-z]{5,}): ([a-z_-]+): ([A-Z-]+) from (\S*?\[[^\]]*\](?::\d+)?): (.*)$/;
/** smtpd separates the fields with spaces, postscreen with ", ". */
const TAIL = /^(?:,? ?from=<([^>]*)>)?(?:,? ?to=<([^>]*)>)?(?:,? ?proto=([^\s,]+))?(?:,? ?helo=<([^>]*)>)?$/;

/** Parses a message written by a Postfix daemon; `program` is its syslog tag (e.g. "postfix/submission/smtpd"). */
export function parsePostfixMessage(body: string, program: string | undefined): LogEvent | undefined {
  const daemon = program ? program.slice(program.lastIndexOf("/") + 1) : undefined;
  const head = REJECT_HEAD.exec(body);
  if (head) return rejection(head, program, daemon);

  let m = /^connect from (\S+)$/.exec(body);
  if (m) {
    const c = parseNameAddr(m[1]!);
    return c ? { type: "connect", mta: "postfix", client: c.addr } : undefined;
  }
  m = /^disconnect from (\S+)((?: [a-z_]+=\d+(?:\/\d+)?)*)$/.exec(body);
  if (m) {
    const c = parseNameAddr(m[1]!);
    if (!c) return undefined;
    const stats: Record<string, string> = {};
    for (const kv of m[2]!.trim().split(" ").filter(Boolean)) {
      const i = kv.indexOf("=");
      stats[kv.slice(0, i)] = kv.slice(i + 1);
    }
    return { type: "disconnect", mta: "postfix", client: c.addr, stats };
  }
  m = /^[0-9A-Za-z]{5,}: client=([^,\s]+)(.*)$/.exec(body);
  if (m) {
    const c = parseNameAddr(m[1]!);
    if (!c) return undefined;
    const attrs = commaAttributes(m[2]!);
    if (attrs.sasl_username !== undefined) {
      return { type: "login", mta: "postfix", client: c.addr, user: attrs.sasl_username, ...(attrs.sasl_method ? { mechanism: attrs.sasl_method } : {}) };
    }
    return { type: "other", mta: "postfix" };
  }
  m = /^warning: (\S+): SASL (\S+) authentication failed: (.*)$/.exec(body);
  if (m) {
    const c = parseNameAddr(m[1]!);
    if (!c) return undefined;
    const user = /(?:^|, )sasl_username=(.*)$/.exec(m[3]!)?.[1];
    return { type: "login-failed", mta: "postfix", client: c.addr, mechanism: m[2]!, ...(user !== undefined ? { user } : {}) };
  }
  m = /^(?:Anonymous|Trusted|Untrusted|Verified) TLS connection established from (\S+?): /.exec(body);
  if (m) {
    const c = parseNameAddr(m[1]!);
    return c ? { type: "tls", mta: "postfix", client: c.addr } : undefined;
  }
  return undefined;
}

function rejection(head: RegExpExecArray, program: string | undefined, daemon: string | undefined): LogEvent | undefined {
  const [, , action, where, namaddr, rest] = head as unknown as [string, string, string, string, string, string];
  if (!REFUSING.has(action)) return { type: "other", mta: "postfix" };
  const client = parseNameAddr(namaddr);
  if (!client) return undefined;
  const split = splitTail(rest);
  if (!split) return undefined;
  const reply = /^([45]\d\d) (?:([45]\.\d{1,3}\.\d{1,3}) )?(.*)$/.exec(split.reply);
  if (!reply) return undefined;
  const r: LoggedRejection = {
    mta: "postfix",
    stage: STAGES[where] ?? "OTHER",
    action,
    client: client.addr,
    reply: {
      kind: reply[1]!.startsWith("4") ? "DEFER" : "REJECT",
      code: reply[1]!,
      ...(reply[2] ? { enhancedCode: reply[2] } : {}),
      text: reply[3]!,
    },
  };
  if (program) {
    r.program = program;
    if (daemon) r.daemon = daemon;
    if (program.includes("/")) r.syslogName = program.slice(0, program.lastIndexOf("/"));
  }
  if (client.name) r.clientName = client.name;
  if (client.port) r.clientPort = client.port;
  if (split.from !== undefined) r.from = split.from;
  if (split.to !== undefined) r.to = split.to;
  if (split.proto !== undefined) r.proto = split.proto;
  if (split.helo !== undefined) r.helo = split.helo;
  return { type: "rejection", mta: "postfix", rejection: r };
}

/**
 * The reply ends at the "; from=<...> to=<...>..." tail. The reply text itself
 * may hold "; " (RBL texts do), so the tail is the first "; " after which the
 * rest is exactly such a list.
 */
function splitTail(rest: string): { reply: string; from?: string; to?: string; proto?: string; helo?: string } | undefined {
  for (let i = rest.indexOf(";"); i >= 0; i = rest.indexOf(";", i + 1)) {
    const tail = rest.slice(i + 1);
    const m = TAIL.exec(tail);
    if (!m || tail.trim() === "") continue;
    return {
      reply: rest.slice(0, i),
      ...(m[1] !== undefined ? { from: m[1] } : {}),
      ...(m[2] !== undefined ? { to: m[2] } : {}),
      ...(m[3] !== undefined ? { proto: m[3] } : {}),
      ...(m[4] !== undefined ? { helo: m[4] } : {}),
    };
  }
  // A rejection with none of the four fields (rare: nothing known yet) has no tail.
  return /^[45]\d\d /.test(rest) && !rest.includes("; ") ? { reply: rest } : undefined;
}

/** ", sasl_method=PLAIN, sasl_username=alice" → { sasl_method: "PLAIN", sasl_username: "alice" }. */
function commaAttributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(", ")) {
    const m = /^,?\s*([a-z_]+)=(.*)$/.exec(part);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}
