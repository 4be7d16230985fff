/**
 * Relay-verdict oracle: the REAL Exim (Debian 4.96, extracted by scripts/setup-oracles.sh)
 * answers RCPT TO for a config and a list of scenarios, through `exim4 -C FILE -bh IP`
 * (a fake SMTP session from IP on stdin/stdout; nothing is delivered, the ACL trace goes to stderr).
 *
 * Each scenario is one `-bh` process and one interactive dialogue: EHLO, then — only when the
 * scenario has `sasl` AND the EHLO reply advertises AUTH — `AUTH PLAIN` (or `AUTH LOGIN` when PLAIN
 * is not offered) with user = scenario.sasl and password ORACLE_SASL_PASSWORD ("mtalint-test"),
 * then MAIL FROM, RCPT TO, end of input (QUIT would cost a 200 ms linger). `-oMai` is never
 * used: a client is authenticated only where the config really advertises an authenticator (in
 * -bh there is no TLS, so an authenticator hidden behind
 * `auth_advertise_hosts = ${if eq{$tls_in_cipher}{}{}{*}}` is not offered: saslOffered=false).
 * A failed AUTH (e.g. 535) leaves the session unauthenticated: saslAccepted=false, authReply says why.
 *
 * Fixture contract, so that AUTH succeeds: a plaintext server authenticator accepting the
 * password "mtalint-test", e.g.
 *     plain_server:
 *       driver = plaintext
 *       public_name = PLAIN
 *       server_condition = ${if eq{$auth3}{mtalint-test}}
 *       server_set_id = $auth2
 * (for LOGIN: server_prompts = User Name : Password, server_condition = ${if eq{$auth2}{mtalint-test}}).
 * Avoid `verify = sender`/callouts/DNS lists (no network in CI) and `host_lookup`. The config file
 * is copied into a temp dir readable by Debian-exim (so `.include`s must be absolute paths); files
 * it reads at run time must be readable by Debian-exim too.
 */
import { spawn } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eximPath, oracleEnv } from "./oracles.js";
import {
  DEFAULT_FROM,
  DEFAULT_HELO,
  lookupId,
  ORACLE_SASL_PASSWORD,
  replyToVerdict,
  takeReply,
  type RealVerdict,
  type Reply,
} from "./relay-oracle-common.js";

export type { RealVerdict } from "./relay-oracle-common.js";
export { ORACLE_SASL_PASSWORD } from "./relay-oracle-common.js";

export interface EximScenario {
  client: string;
  helo?: string;
  from?: string;
  to: string;
  sasl?: string;
}

export interface EximVerdict extends RealVerdict {
  /** The reply to AUTH when one was sent (e.g. "235 Authentication succeeded"). */
  authReply?: string;
  /** With opts.log: the lines exim -bh printed as "LOG: ..." (what it would write to its main log), prefix included. */
  log?: string[];
}

const REPLY_TIMEOUT_MS = 10_000;

export function eximRelayOracleAvailable(): { available: boolean; reason: string } {
  if (!existsSync(eximPath)) return { available: false, reason: `real exim not found at ${eximPath}; run 'npm run oracles'` };
  if (process.getuid?.() !== 0) return { available: false, reason: "the Exim relay oracle runs exim -C as root" };
  if (lookupId("/etc/passwd", "Debian-exim", (p) => readFileSync(p, "utf8")) === undefined)
    return { available: false, reason: "user 'Debian-exim' missing; run scripts/setup-oracles.sh as root" };
  return { available: true, reason: "" };
}

/** One `exim -bh` process driven line by line. */
class BhSession {
  private out = "";
  private lines: string[] = [];
  private closed = false;
  stderr = "";
  transcript: string[] = [];
  private wake: (() => void) | undefined;
  private proc;

  constructor(args: string[]) {
    this.proc = spawn(eximPath, args, { env: oracleEnv, stdio: ["pipe", "pipe", "pipe"] });
    this.proc.stdout.on("data", (d: Buffer) => {
      this.out += d.toString("latin1");
      let i: number;
      while ((i = this.out.indexOf("\n")) >= 0) {
        const l = this.out.slice(0, i).replace(/\r$/, "");
        this.out = this.out.slice(i + 1);
        // -bh prints a "**** SMTP testing session ..." banner; only reply lines matter
        if (/^\d{3}([ -]|$)/.test(l)) this.lines.push(l);
      }
      this.wake?.();
    });
    this.proc.stderr.on("data", (d: Buffer) => (this.stderr += d.toString("utf8")));
    this.proc.stdin.on("error", () => undefined);
    this.proc.on("close", () => {
      this.closed = true;
      this.wake?.();
    });
    this.proc.on("error", (e) => {
      this.stderr += String(e);
      this.closed = true;
      this.wake?.();
    });
  }

  async reply(): Promise<Reply | undefined> {
    const deadline = Date.now() + REPLY_TIMEOUT_MS;
    for (;;) {
      const r = takeReply(this.lines, 0);
      if (r) {
        this.lines = this.lines.slice(r.next);
        this.transcript.push(...r.reply.lines.map((l) => "S: " + l));
        return r.reply;
      }
      if (this.closed) return undefined;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`exim -bh: timeout waiting for a reply; transcript:\n${this.transcript.join("\n")}\nstderr:\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 100));
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  async command(line: string): Promise<Reply | undefined> {
    this.transcript.push("C: " + line);
    if (!this.closed) this.proc.stdin.write(line + "\r\n");
    return this.reply();
  }

  async end(): Promise<void> {
    if (!this.closed) this.proc.stdin.end();
    const t0 = Date.now();
    while (!this.closed && Date.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 10));
    if (!this.closed) this.proc.kill("SIGKILL");
  }
}

function ehloKeywords(r: Reply): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const l of r.lines.slice(1)) {
    const [k, ...rest] = l.slice(4).trim().split(/[ =]+/);
    if (k) m.set(k.toUpperCase(), rest.map((x) => x.toUpperCase()));
  }
  return m;
}

function fatalFrom(s: BhSession, saslOffered: boolean): EximVerdict {
  const err = s.stderr
    .split("\n")
    .filter((l) => l.trim() !== "" && !/^Warning: purging the environment/.test(l) && !/^>>>/.test(l))
    .join("\n");
  return { verdict: "FATAL", text: err || "exim exited without a reply", raw: err || s.transcript.join("\n"), saslOffered, stage: "LOG" };
}

async function runScenario(args: string[], sc: EximScenario, withLog = false): Promise<EximVerdict> {
  const s = new BhSession([...args, "-bh", sc.client]);
  if (!withLog) return dialogue(s, sc);
  const v = await dialogue(s, sc);
  return { ...v, log: s.stderr.split("\n").filter((l) => l.startsWith("LOG: ")) };
}

async function dialogue(s: BhSession, sc: EximScenario): Promise<EximVerdict> {
  let saslOffered = false;
  try {
    let r = await s.reply();
    if (!r) return fatalFrom(s, false);
    if (!r.code.startsWith("2")) return replyToVerdict(r, "CONNECT", false);
    r = await s.command(`EHLO ${sc.helo ?? DEFAULT_HELO}`);
    if (!r) return fatalFrom(s, false);
    if (!r.code.startsWith("2")) return replyToVerdict(r, "EHLO", false);
    const kw = ehloKeywords(r);
    const mechs = kw.get("AUTH");
    saslOffered = mechs !== undefined;
    let saslAccepted: boolean | undefined;
    let authReply: string | undefined;
    if (sc.sasl !== undefined) {
      saslAccepted = false;
      if (mechs?.includes("PLAIN")) {
        r = await s.command(`AUTH PLAIN ${Buffer.from(`\0${sc.sasl}\0${ORACLE_SASL_PASSWORD}`).toString("base64")}`);
        if (!r) return fatalFrom(s, saslOffered);
        authReply = r.lines.join("\n");
        saslAccepted = r.code === "235";
      } else if (mechs?.includes("LOGIN")) {
        r = await s.command("AUTH LOGIN");
        if (r?.code === "334") r = await s.command(Buffer.from(sc.sasl).toString("base64"));
        if (r?.code === "334") r = await s.command(Buffer.from(ORACLE_SASL_PASSWORD).toString("base64"));
        if (!r) return fatalFrom(s, saslOffered);
        authReply = r.lines.join("\n");
        saslAccepted = r.code === "235";
      } else if (mechs) {
        authReply = `(no PLAIN or LOGIN among AUTH ${mechs.join(" ")})`;
      }
    }
    const extra = { ...(saslAccepted !== undefined ? { saslAccepted } : {}), ...(authReply !== undefined ? { authReply } : {}) };
    r = await s.command(`MAIL FROM:<${sc.from ?? DEFAULT_FROM}>`);
    if (!r) return { ...fatalFrom(s, saslOffered), ...extra };
    if (!r.code.startsWith("2")) return { ...replyToVerdict(r, "MAIL", saslOffered), ...extra };
    r = await s.command(`RCPT TO:<${sc.to}>`);
    if (!r) return { ...fatalFrom(s, saslOffered), ...extra };
    // no QUIT: exim lingers ~200 ms after "221"; end of input ends the session at once
    return { ...replyToVerdict(r, "RCPT", saslOffered), ...extra };
  } finally {
    await s.end();
  }
}

/**
 * Runs the real `exim4 -C <copy of configFile> -bh <client>` once per scenario and returns the
 * real RCPT TO verdicts, in order. `defines` become `-DNAME=value`.
 */
export async function eximRelayVerdicts(
  configFile: string,
  scenarios: EximScenario[],
  opts?: { defines?: Record<string, string>; log?: boolean },
): Promise<EximVerdict[]> {
  const avail = eximRelayOracleAvailable();
  if (!avail.available) throw new Error(avail.reason);
  const dir = mkdtempSync(join(tmpdir(), "mtalint-relay-exim-"));
  try {
    chmodSync(dir, 0o755);
    const conf = join(dir, "exim.conf");
    copyFileSync(configFile, conf);
    chmodSync(conf, 0o644);
    const args = [...Object.entries(opts?.defines ?? {}).map(([k, v]) => `-D${k}=${v}`), "-C", conf];
    const out: EximVerdict[] = [];
    for (const sc of scenarios) out.push(await runScenario(args, sc, opts?.log === true));
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
