/**
 * Shared pieces of the relay-verdict oracles (real Postfix smtpd, real `exim -bh`):
 * verdict types, SMTP reply parsing, an SMTP client that can switch to TLS, xtext.
 */
import { connect as netConnect, type Socket } from "node:net";
import { connect as tlsConnect, type TLSSocket } from "node:tls";

/** Defaults used when a scenario does not give them (the relay simulator's tests should use the same). */
export const DEFAULT_HELO = "client.example";
export const DEFAULT_FROM = "sender@example.com";
/** The password the Exim oracle sends with AUTH PLAIN; fixture authenticators must accept it. */
export const ORACLE_SASL_PASSWORD = "mtalint-test";

export type VerdictKind = "ACCEPT" | "REJECT" | "DEFER" | "FATAL";

export interface RealVerdict {
  verdict: VerdictKind;
  /** "554" */
  code?: string;
  /** "5.7.1" */
  enhancedCode?: string;
  /** Reply text without code and enhanced code; lines of a multi-line reply joined with "\n". */
  text?: string;
  /** The deciding reply line(s) as sent (joined with "\n"), or the fatal log line. */
  raw: string;
  /** Could a real client authenticate in this session (SASL enabled for the service / AUTH advertised)? */
  saslOffered: boolean;
  /** The scenario asked for SASL and the session is authenticated (XCLIENT LOGIN=/AUTH PLAIN succeeded). */
  saslAccepted?: boolean;
  /** Which command got the deciding reply: normally "RCPT"; earlier when the session failed before RCPT. */
  stage?: "CONNECT" | "EHLO" | "STARTTLS" | "XCLIENT" | "AUTH" | "MAIL" | "RCPT" | "LOG";
}

export interface Reply {
  code: string;
  lines: string[];
}

/** Parses one complete SMTP reply (one or more "NNN-"/"NNN " lines). */
export function replyToVerdict(reply: Reply, stage: RealVerdict["stage"], saslOffered: boolean): RealVerdict {
  const c = reply.code;
  const verdict: VerdictKind = c.startsWith("2") ? "ACCEPT" : c.startsWith("4") ? "DEFER" : c.startsWith("5") ? "REJECT" : "FATAL";
  let enhancedCode: string | undefined;
  const texts = reply.lines.map((l) => {
    let t = l.slice(4);
    const m = /^([245]\.\d{1,3}\.\d{1,3})(?: |$)/.exec(t);
    if (m) {
      enhancedCode ??= m[1];
      t = t.slice(m[0].length);
    }
    return t;
  });
  return {
    verdict,
    code: c,
    ...(enhancedCode ? { enhancedCode } : {}),
    text: texts.join("\n"),
    raw: reply.lines.join("\n"),
    saslOffered,
    stage,
  };
}

/** Parses a whole reply from a list of lines starting at `start`; returns the reply and the next index. */
export function takeReply(lines: string[], start: number): { reply: Reply; next: number } | undefined {
  const out: string[] = [];
  for (let i = start; i < lines.length; i++) {
    const l = lines[i]!;
    out.push(l);
    if (!/^\d{3}-/.test(l)) {
      const code = /^(\d{3})/.exec(out[0]!)?.[1] ?? "000";
      return { reply: { code, lines: out }, next: i + 1 };
    }
  }
  return undefined;
}

/** RFC 3461 xtext, as XCLIENT wants attribute values. */
export function xtext(s: string): string {
  let out = "";
  for (const b of Buffer.from(s, "utf8")) {
    if (b < 33 || b > 126 || b === 0x2b || b === 0x3d) out += "+" + b.toString(16).toUpperCase().padStart(2, "0");
    else out += String.fromCharCode(b);
  }
  return out;
}

export class ConnectionClosed extends Error {}

/** A minimal line-oriented SMTP client over TCP with STARTTLS / implicit TLS. No pipelining. */
export class SmtpClient {
  private sock!: Socket | TLSSocket;
  private buf = "";
  private lines: string[] = [];
  private closed = false;
  private waiter: (() => void) | undefined;
  private onData = (d: Buffer) => {
    this.buf += d.toString("latin1");
    let i: number;
    while ((i = this.buf.indexOf("\n")) >= 0) {
      this.lines.push(this.buf.slice(0, i).replace(/\r$/, ""));
      this.buf = this.buf.slice(i + 1);
    }
    this.waiter?.();
  };
  private onEnd = () => {
    this.closed = true;
    this.waiter?.();
  };
  /** Every line exchanged, for error messages. */
  transcript: string[] = [];

  static async open(port: number, implicitTls: boolean, timeoutMs: number): Promise<SmtpClient> {
    const c = new SmtpClient();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const s = await new Promise<Socket | TLSSocket>((resolve, reject) => {
          const s = implicitTls
            ? tlsConnect({ host: "127.0.0.1", port, rejectUnauthorized: false })
            : netConnect({ host: "127.0.0.1", port });
          s.once(implicitTls ? "secureConnect" : "connect", () => {
            s.removeListener("error", reject);
            resolve(s);
          });
          s.once("error", reject);
        });
        c.attach(s);
        return c;
      } catch (e) {
        // master may still be binding its listeners; anything else is fatal
        if ((e as NodeJS.ErrnoException).code !== "ECONNREFUSED" || Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  private attach(s: Socket | TLSSocket) {
    this.sock = s;
    s.on("data", this.onData);
    s.on("end", this.onEnd);
    s.on("close", this.onEnd);
    s.on("error", this.onEnd);
  }

  /**
   * Reads one complete reply; rejects with ConnectionClosed on EOF, or with the error `check`
   * returns (polled every 50 ms, e.g. a fatal error in the server's log).
   */
  async reply(timeoutMs: number, check?: () => Error | undefined): Promise<Reply> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = takeReply(this.lines, 0);
      if (r) {
        this.lines = this.lines.slice(r.next);
        this.transcript.push(...r.reply.lines.map((l) => "S: " + l));
        return r.reply;
      }
      if (this.closed) throw new ConnectionClosed("connection closed by server");
      const err = check?.();
      if (err) throw err;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timeout waiting for SMTP reply; transcript:\n${this.transcript.join("\n")}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 50));
        this.waiter = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.waiter = undefined;
    }
  }

  send(line: string): void {
    this.transcript.push("C: " + line);
    this.sock.write(line + "\r\n");
  }

  async command(line: string, timeoutMs: number, check?: () => Error | undefined): Promise<Reply> {
    this.send(line);
    return this.reply(timeoutMs, check);
  }

  /** Switches the connection to TLS (after a 220 reply to STARTTLS). */
  async startTls(): Promise<void> {
    const plain = this.sock as Socket;
    plain.removeListener("data", this.onData);
    plain.removeListener("end", this.onEnd);
    plain.removeListener("close", this.onEnd);
    plain.removeListener("error", this.onEnd);
    const s = await new Promise<TLSSocket>((resolve, reject) => {
      const t = tlsConnect({ socket: plain, rejectUnauthorized: false });
      t.once("secureConnect", () => {
        t.removeListener("error", reject);
        resolve(t);
      });
      t.once("error", reject);
    });
    this.attach(s);
  }

  destroy(): void {
    this.sock?.destroy();
  }
}

/** A free loopback TCP port (bound and released; callers retry on a lost race). */
export async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const a = srv.address();
      const port = typeof a === "object" && a ? a.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * uid (or, with field 3, primary gid) of a user from /etc/passwd, gid of a group from /etc/group;
 * undefined when absent.
 */
export function lookupId(file: "/etc/passwd" | "/etc/group", name: string, readFile: (p: string) => string, field = 2): number | undefined {
  try {
    for (const line of readFile(file).split("\n")) {
      const f = line.split(":");
      if (f[0] === name && f[field] !== undefined) return Number(f[field]);
    }
  } catch {
    /* no such file */
  }
  return undefined;
}
