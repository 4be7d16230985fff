/**
 * The part of a log line before the MTA's own message: a syslog or journald
 * prefix (timestamp, host, tag[pid]) or Exim's main-log timestamp. Pure:
 * text in, fields out; nothing here knows Postfix or Exim messages.
 *
 * Recognised prefixes:
 *   BSD syslog / journalctl -o short(-precise)   "Nov 25 10:00:00[.123456] host tag[pid]: msg"
 *   RFC 3339 / journalctl -o short-iso(-precise) "2026-11-25T10:00:00[.123][+00:00|+0000|Z] host tag[pid]: msg"
 *   journalctl -o short-full                     "Wed 2026-11-25 10:00:00 UTC host tag[pid]: msg"
 *   journalctl -o short-unix                     "1764064800.123456 host tag[pid]: msg"
 *   RFC 5424                                     "<22>1 2026-11-25T10:00:00Z host app procid msgid [sd]|- msg"
 *   an RFC 3164 priority "<22>" before any of the first four
 *   Exim main log                                "2026-11-25 10:00:00[.123][ +0100] [[pid]] msg"
 *   exim -bh / -d output                         "LOG: msg"
 *   no prefix at all                             "tag[pid]: msg" or just "msg"
 */

export type PrefixFormat = "bsd" | "rfc3339" | "short-full" | "unix" | "rfc5424" | "exim" | "exim-test" | "tag-only" | "none";

export interface LogPrefix {
  format: PrefixFormat;
  timestamp?: string;
  host?: string;
  /** The syslog tag without pid: "postfix/submission/smtpd", "exim". */
  program?: string;
  pid?: string;
  /** The message after the prefix. */
  body: string;
}

const BSD_TIME = /^[A-Z][a-z]{2} [ \d]?\d \d\d:\d\d:\d\d(?:\.\d{1,9})? /;
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)? /;
const FULL_TIME = /^[A-Z][a-z]{2} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,9})? [A-Za-z][A-Za-z0-9_+/:-]* /;
const UNIX_TIME = /^\d{9,11}\.\d{1,9} /;
const EXIM_TIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{3})?(?: [+-]\d{4})? /;
/** A syslog tag: program name (may hold "/", "-", "." and "@") with an optional [pid], then ": ". */
const TAG = /^([A-Za-z0-9_][A-Za-z0-9_./@-]*)(?:\[(\d+)\])?: /;
const PRIORITY = /^<\d{1,3}>/;

export function parsePrefix(line: string): LogPrefix {
  let rest = line;
  let priority = false;
  const pri = PRIORITY.exec(rest);
  if (pri) {
    rest = rest.slice(pri[0].length);
    priority = true;
    const v5424 = rfc5424(rest);
    if (v5424) return v5424;
  }
  for (const [format, re] of [
    ["bsd", BSD_TIME],
    ["rfc3339", ISO_TIME],
    ["short-full", FULL_TIME],
    ["unix", UNIX_TIME],
  ] as const) {
    const m = re.exec(rest);
    if (m) return hostAndTag(format, m[0].trimEnd(), rest.slice(m[0].length));
  }
  if (!priority) {
    const e = EXIM_TIME.exec(rest);
    if (e) {
      let body = rest.slice(e[0].length);
      const pid = /^\[(\d+)\] /.exec(body);
      if (pid) body = body.slice(pid[0].length);
      return { format: "exim", timestamp: e[0].trimEnd(), ...(pid ? { pid: pid[1]! } : {}), body };
    }
    if (rest.startsWith("LOG: ")) return { format: "exim-test", body: rest.slice(5) };
  }
  const t = TAG.exec(rest);
  if (t && looksLikeProgram(t[1]!)) return { format: "tag-only", program: t[1]!, ...(t[2] ? { pid: t[2] } : {}), body: rest.slice(t[0].length) };
  return { format: "none", body: rest };
}

/** After a syslog timestamp: "host tag[pid]: msg", or "tag[pid]: msg" where the host is missing. */
function hostAndTag(format: PrefixFormat, timestamp: string, rest: string): LogPrefix {
  const direct = TAG.exec(rest);
  if (direct && direct[2] && looksLikeProgram(direct[1]!)) {
    return { format, timestamp, program: direct[1]!, pid: direct[2], body: rest.slice(direct[0].length) };
  }
  const sp = rest.indexOf(" ");
  if (sp > 0) {
    const host = rest.slice(0, sp);
    const after = rest.slice(sp + 1);
    const t = TAG.exec(after);
    if (t) return { format, timestamp, host, program: t[1]!, ...(t[2] ? { pid: t[2] } : {}), body: after.slice(t[0].length) };
    return { format, timestamp, host, body: after };
  }
  return { format, timestamp, body: rest };
}

/** RFC 5424 after the priority: VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP STRUCTURED-DATA [SP MSG]. */
function rfc5424(rest: string): LogPrefix | undefined {
  const m = /^1 (\S+) (\S+) (\S+) (\S+) (\S+) /.exec(rest);
  if (!m) return undefined;
  let i = m[0].length;
  if (rest[i] === "-") i++;
  else {
    // One or more [id param="value"...] elements; "]" inside a value is escaped as \].
    while (rest[i] === "[") {
      i++;
      while (i < rest.length && rest[i] !== "]") i += rest[i] === "\\" ? 2 : 1;
      if (i >= rest.length) return undefined;
      i++;
    }
  }
  let body = rest.slice(i);
  if (body.startsWith(" ")) body = body.slice(1);
  if (body.startsWith("\uFEFF")) body = body.slice(1);
  const nil = (v: string) => (v === "-" ? undefined : v);
  const timestamp = nil(m[1]!);
  const host = nil(m[2]!);
  const program = nil(m[3]!);
  const pid = nil(m[4]!);
  return { format: "rfc5424", ...(timestamp ? { timestamp } : {}), ...(host ? { host } : {}), ...(program ? { program } : {}), ...(pid ? { pid } : {}), body };
}

/** A tag-only line ("postfix/smtpd[123]: ...") must not be confused with a message that starts "word: ". */
function looksLikeProgram(name: string): boolean {
  return name.includes("/") || /^(postfix|exim|exim4|smtpd|postscreen)\b/i.test(name);
}
