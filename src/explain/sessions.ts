/**
 * What the rest of the log says about a rejection's SMTP session: did the
 * client log in, did it use TLS. Postfix writes neither on the reject line;
 * they come from the same smtpd process's other lines between "connect from"
 * and "disconnect from" (whose command counters say auth=1, auth=0/1,
 * starttls=1). Exim writes A=authenticator:id on the reject line itself.
 *
 * Rejections are held until their session ends, so the tracker keeps at most
 * MAX_SESSIONS open sessions (the oldest is closed first) and memory stays
 * bounded however long the log is.
 */
import type { LogEvent, LoggedRejection, ParsedLine } from "./log-events.js";

/** What the log says about the session's login; `evidence` says how it is known, `line` is where (when another line says it). */
export interface LoginEvidence {
  state: "yes" | "failed" | "no" | "unknown";
  user?: string;
  evidence: string;
  line?: number;
}

export interface Rejection extends LoggedRejection {
  /** 1-based line number in the log. */
  lineNumber: number;
  /** The log line (cut at MAX_LINE_ECHO characters). */
  line: string;
  timestamp?: string;
  login: LoginEvidence;
  /** Whether the session used TLS, when the log says. */
  tls?: { used: boolean; evidence: string; line?: number };
}

const MAX_SESSIONS = 20_000;
const MAX_PENDING = 10_000;
const MAX_FAILURES = 10_000;
/** An Exim login failure counts for a rejection of the same client within this many lines. */
const EXIM_FAILURE_WINDOW = 500;
export const MAX_LINE_ECHO = 2000;

interface Session {
  pending: Omit<Rejection, "login" | "tls">[];
  login?: { user: string; line: number };
  failed?: { user?: string; line: number };
  tlsLine?: number;
}

export class SessionTracker {
  private readonly sessions = new Map<string, Session>();
  private readonly eximFailures = new Map<string, { user?: string; line: number; pid?: string }>();

  constructor(private readonly emit: (r: Rejection) => void) {}

  push(parsed: ParsedLine, lineNumber: number, line: string): void {
    const e = parsed.event;
    if (!e) return;
    if (e.mta === "exim") return this.exim(e, parsed, lineNumber, line);
    const key = parsed.pid !== undefined ? `${parsed.host ?? ""}|${parsed.program ?? ""}|${parsed.pid}` : undefined;
    switch (e.type) {
      case "connect":
        if (key) {
          this.close(key, undefined);
          this.open(key);
        }
        return;
      case "rejection": {
        const r = this.rejection(e.rejection, parsed, lineNumber, line);
        const unknown: LoginEvidence = { state: "unknown", evidence: "the line carries no process id to find its session by" };
        if (!key) return this.emit({ ...r, login: unknown });
        const s = this.sessions.get(key) ?? this.open(key);
        s.pending.push(r);
        if (s.pending.length >= MAX_PENDING) this.close(key, undefined);
        return;
      }
      case "login": {
        const s = key ? this.sessions.get(key) : undefined;
        if (s) s.login = { user: e.user, line: lineNumber };
        return;
      }
      case "login-failed": {
        const s = key ? this.sessions.get(key) : undefined;
        if (s) s.failed = { ...(e.user !== undefined ? { user: e.user } : {}), line: lineNumber };
        return;
      }
      case "tls": {
        const s = key ? this.sessions.get(key) : undefined;
        if (s) s.tlsLine = lineNumber;
        return;
      }
      case "disconnect":
        if (key) this.close(key, { stats: e.stats, line: lineNumber });
        return;
      case "other":
        return;
    }
  }

  /** End of input: sessions still open are judged on what was seen. */
  finish(): void {
    for (const key of [...this.sessions.keys()]) this.close(key, undefined);
  }

  private open(key: string): Session {
    if (this.sessions.size >= MAX_SESSIONS) {
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.close(oldest, undefined);
    }
    const s: Session = { pending: [] };
    this.sessions.set(key, s);
    return s;
  }

  private rejection(r: LoggedRejection, parsed: ParsedLine, lineNumber: number, line: string): Omit<Rejection, "login"> {
    return { ...r, lineNumber, line: line.length > MAX_LINE_ECHO ? `${line.slice(0, MAX_LINE_ECHO)}…` : line, ...(parsed.timestamp ? { timestamp: parsed.timestamp } : {}) };
  }

  private close(key: string, end: { stats: Record<string, string>; line: number } | undefined): void {
    const s = this.sessions.get(key);
    if (!s) return;
    this.sessions.delete(key);
    const login = postfixLogin(s, end);
    const tls = postfixTls(s, end);
    for (const r of s.pending) this.emit({ ...r, login, ...(tls ? { tls } : {}) });
  }

  private exim(e: LogEvent, parsed: ParsedLine, lineNumber: number, line: string): void {
    if (e.type === "login-failed") {
      if (this.eximFailures.size >= MAX_FAILURES) this.eximFailures.delete(this.eximFailures.keys().next().value!);
      this.eximFailures.delete(e.client);
      this.eximFailures.set(e.client, { ...(e.user !== undefined ? { user: e.user } : {}), line: lineNumber, ...(parsed.pid ? { pid: parsed.pid } : {}) });
      return;
    }
    if (e.type !== "rejection") return;
    const r = this.rejection(e.rejection, parsed, lineNumber, line);
    let login: LoginEvidence;
    if (r.authenticator !== undefined) {
      login = { state: "yes", ...(r.authId !== undefined ? { user: r.authId } : {}), evidence: `A=${r.authenticator}${r.authId !== undefined ? `:${r.authId}` : ""} on the line` };
    } else if (r.proto !== undefined && /^e?smtps?a$/i.test(r.proto)) {
      // Exim's protocol names end in "a" for a session that logged in (esmtpa, esmtpsa).
      login = { state: "yes", evidence: `P=${r.proto} on the line` };
    } else {
      const f = this.eximFailures.get(r.client);
      const samePid = !f?.pid || !parsed.pid || f.pid === parsed.pid;
      if (f && samePid && lineNumber - f.line <= EXIM_FAILURE_WINDOW) {
        login = { state: "failed", ...(f.user !== undefined ? { user: f.user } : {}), evidence: `the authenticator refused ${f.user ?? "a login"} from this client`, line: f.line };
      } else {
        login = { state: "no", evidence: "the line has no A= field, which Exim adds for a session that logged in" };
      }
    }
    // X= is the TLS cipher; protocol names with "s" (esmtps, esmtpsa) mean TLS too.
    const tls =
      r.tlsCipher !== undefined
        ? { used: true, evidence: `X=${r.tlsCipher} on the line` }
        : r.proto !== undefined && /^e?smtpsa?$/i.test(r.proto)
          ? { used: true, evidence: `P=${r.proto} on the line` }
          : undefined;
    this.emit({ ...r, login, ...(tls ? { tls } : {}) });
  }
}

/** "1", "2/3" → successes; auth=0/1 means one AUTH command, none succeeded. */
function successes(counter: string | undefined): number | undefined {
  if (counter === undefined) return undefined;
  return Number(counter.split("/")[0]);
}

function postfixLogin(s: Session, end: { stats: Record<string, string>; line: number } | undefined): LoginEvidence {
  if (s.login) return { state: "yes", user: s.login.user, evidence: `the session logged in as ${s.login.user} (sasl_username)`, line: s.login.line };
  const auth = end ? successes(end.stats.auth) : undefined;
  const failedUser = s.failed?.user !== undefined ? { user: s.failed.user } : {};
  if (end && auth !== undefined && auth > 0) return { state: "yes", evidence: `the disconnect counters show a successful AUTH (auth=${end.stats.auth})`, line: end.line };
  // XCLIENT (from a proxy, or a test) can log the client in without any AUTH command.
  if (end && end.stats.xclient !== undefined && !s.failed) {
    return { state: "unknown", evidence: `the session used XCLIENT (xclient=${end.stats.xclient}), which can log a client in without AUTH`, line: end.line };
  }
  if (end && auth === 0) return { state: "failed", ...failedUser, evidence: `AUTH was tried and failed (auth=${end.stats.auth})`, line: end.line };
  if (s.failed) return { state: "failed", ...failedUser, evidence: "SASL authentication failed, and the log shows no successful login", line: s.failed.line };
  if (end) return { state: "no", evidence: "the disconnect counters show no AUTH command", line: end.line };
  return { state: "unknown", evidence: "the log does not show the end of this session (its disconnect line), where Postfix counts AUTH commands" };
}

function postfixTls(s: Session, end: { stats: Record<string, string>; line: number } | undefined): Rejection["tls"] {
  if (s.tlsLine !== undefined) return { used: true, evidence: "TLS connection established", line: s.tlsLine };
  const starttls = end ? successes(end.stats.starttls) : undefined;
  if (end && starttls !== undefined && starttls > 0) return { used: true, evidence: `the disconnect counters show STARTTLS (starttls=${end.stats.starttls})`, line: end.line };
  if (end) return { used: false, evidence: "the disconnect counters show no successful STARTTLS", line: end.line };
  return undefined;
}
