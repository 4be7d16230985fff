/** What one mail-log line says, after parsing: the vocabulary shared by the Postfix and Exim log parsers and the session tracker. */

export type Mta = "postfix" | "exim";

/** The SMTP stage a rejection happened at ("RCPT" for `NOQUEUE: reject: RCPT from` and Exim `rejected RCPT`). */
export type Stage = "CONNECT" | "HELO" | "MAIL" | "RCPT" | "DATA" | "END-OF-MESSAGE" | "VRFY" | "ETRN" | "AUTH" | "OTHER";

/** The reply the MTA logged. Exim logs no reply code unless the ACL message starts with one. */
export interface LoggedReply {
  kind: "REJECT" | "DEFER";
  code?: string;
  enhancedCode?: string;
  text: string;
}

/** A rejection as written on one line, before session context is added. */
export interface LoggedRejection {
  mta: Mta;
  stage: Stage;
  /** Postfix: the action word ("reject", "milter-reject"); Exim: "rejected" or "temporarily rejected". */
  action: string;
  /** The syslog tag of the writer, e.g. "postfix/submission/smtpd", "postfix/postscreen". */
  program?: string;
  /** Postfix: the syslog_name part of the tag ("postfix/submission" of "postfix/submission/smtpd"). */
  syslogName?: string;
  /** Postfix: the daemon ("smtpd", "postscreen"). */
  daemon?: string;
  client: string;
  /** The client's verified host name ("unknown" and absent names are left out). */
  clientName?: string;
  clientPort?: string;
  /** Exim: the local port (I=[addr]:port). */
  localPort?: string;
  helo?: string;
  /** Envelope sender; "" is the null sender; absent when the line does not say. */
  from?: string;
  to?: string;
  reply: LoggedReply;
  /** Postfix proto= (SMTP, ESMTP); Exim P= where logged. */
  proto?: string;
  /** Exim: A=authenticator:id on the line. */
  authenticator?: string;
  authId?: string;
  /** Exim: X=cipher on the line (the session used TLS). */
  tlsCipher?: string;
  /** Exim: U= ident (RFC 1413) user; not a login. */
  ident?: string;
}

export type LogEvent =
  | { type: "rejection"; mta: Mta; rejection: LoggedRejection }
  | { type: "connect"; mta: "postfix"; client: string }
  | { type: "disconnect"; mta: "postfix"; client: string; stats: Record<string, string> }
  | { type: "login"; mta: Mta; client: string; user: string; mechanism?: string }
  | { type: "login-failed"; mta: Mta; client: string; user?: string; mechanism?: string }
  | { type: "tls"; mta: "postfix"; client: string }
  /** A line the MTA wrote that explain does not use (deliveries, warnings, reject_warning...). */
  | { type: "other"; mta: Mta };

/** A parsed line: its prefix fields and what it says. `event` is undefined for lines that are not Postfix or Exim log lines. */
export interface ParsedLine {
  event?: LogEvent;
  timestamp?: string;
  host?: string;
  program?: string;
  pid?: string;
}

/** A client "name[address]" or "name[address]:port" as Postfix writes it. */
export function parseNameAddr(text: string): { name?: string; addr: string; port?: string } | undefined {
  const m = /^(.*?)\[([^\]]*)\](?::(\d+))?$/.exec(text);
  if (!m) return undefined;
  const addr = m[2]!.replace(/^IPv6:/i, "");
  if (!/^[0-9A-Fa-f:.]+$/.test(addr) || !/[.:]/.test(addr)) return undefined;
  const name = m[1]!;
  return { ...(name !== "" && name !== "unknown" ? { name } : {}), addr, ...(m[3] ? { port: m[3] } : {}) };
}
