/**
 * Relay-verdict oracle: the REAL Postfix smtpd (Debian 3.7.11, extracted by scripts/setup-oracles.sh)
 * answers RCPT TO for a config and a list of scenarios.
 *
 * How (see /work/shared/oracles/README.md):
 * - main.cf, master.cf and every other plain file of the config dir are copied to a fresh temp dir
 *   (mode 755). Only infrastructure is overridden in main.cf (the original line is commented out):
 *   directories, mail_owner/setgid_group, inet_interfaces/protocols, XCLIENT authorization,
 *   local_recipient_maps/alias_maps (emptied), import/export_environment (LD_LIBRARY_PATH),
 *   maillog_file (a file in the temp dir, written by postlogd: no syslog needed), and the smtpd TLS
 *   certificate (a test-only certificate, so STARTTLS works where the config enables TLS: the
 *   session then really is TLS, so smtpd_tls_auth_only and smtpd_tls_security_level=encrypt behave
 *   as they would for a real client). Restriction lists, mynetworks, relay_domains, mydestination,
 *   smtpd_sasl_* and -o overrides are never touched.
 * - master.cf: every inet service listens on a free 127.0.0.1 port, the chroot column becomes n,
 *   a postscreen inet service is replaced by the smtpd of its `pass` service (the one that would
 *   answer RCPT), and missing internal services (cleanup, rewrite, qmgr, postlog...; without qmgr
 *   MAIL FROM stalls 1 s) are added from master.cf.dist. Wrapper-mode
 *   services (smtps) are reached with implicit TLS.
 * - A stub Dovecot auth server answers on the smtpd_sasl_path socket of services using
 *   smtpd_sasl_type=dovecot (path relative to queue_directory, e.g. private/auth).
 * - `master -c DIR -d` runs in its own process group; each scenario is one connection:
 *   EHLO [STARTTLS, EHLO], XCLIENT ADDR= NAME=[UNAVAILABLE] [LOGIN=], EHLO helo, MAIL FROM, RCPT TO,
 *   QUIT. LOGIN= is sent only when SASL is enabled for that service and AUTH is advertised (as a
 *   real client could only authenticate then); `saslOffered` says whether that was the case.
 * - A `fatal:`/`panic:` line in the log during a scenario (e.g. smtpd refusing to start without
 *   reject_unauth_destination) gives verdict FATAL for it and every later scenario of that service.
 *
 * Fixture notes: set myhostname/mydomain and mynetworks explicitly (the defaults depend on the
 * machine); refer to side files as `texthash:${config_directory}/file` or use inline:{...}; no
 * DNS-based restrictions (CI has no network); policy services and milters are not running.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { backdate, oracleEnv, oracleRoot, postconfPath } from "./oracles.js";
import {
  ConnectionClosed,
  DEFAULT_FROM,
  DEFAULT_HELO,
  freePort,
  lookupId,
  replyToVerdict,
  SmtpClient,
  xtext,
  type RealVerdict,
  type Reply,
} from "./relay-oracle-common.js";
import { startDovecotStub, type DovecotStub } from "./relay-oracle-dovecot.js";

export type { RealVerdict } from "./relay-oracle-common.js";
export { DEFAULT_FROM, DEFAULT_HELO } from "./relay-oracle-common.js";

export interface RelayScenario {
  client: string;
  helo?: string;
  from?: string;
  to: string;
  sasl?: string;
  /** master.cf service name, default "smtp" (the inet one); "submission"/"587", "smtps"/"465" also match. */
  service?: string;
}

const masterPath = join(oracleRoot, "usr/lib/postfix/sbin/master");
const masterCfDist = join(oracleRoot, "usr/share/postfix/master.cf.dist");
const tlsPem = fileURLToPath(new URL("../fixtures/relay/tls/oracle-test-only.pem", import.meta.url));

const REPLY_TIMEOUT_MS = 15_000;
const START_TIMEOUT_MS = 15_000;

export function postfixRelayOracleAvailable(): { available: boolean; reason: string } {
  const missing = [postconfPath, masterPath, masterCfDist].filter((p) => !existsSync(p));
  if (missing.length) return { available: false, reason: `real Postfix not found (${missing.join(", ")}); run 'npm run oracles'` };
  if (process.getuid?.() !== 0) return { available: false, reason: "the Postfix relay oracle runs master(8) and needs root" };
  const rd = (p: string) => readFileSync(p, "utf8");
  if (lookupId("/etc/passwd", "postfix", rd) === undefined) return { available: false, reason: "user 'postfix' missing; run scripts/setup-oracles.sh as root" };
  if (lookupId("/etc/group", "postdrop", rd) === undefined) return { available: false, reason: "group 'postdrop' missing; run scripts/setup-oracles.sh as root" };
  return { available: true, reason: "" };
}

// ---------------------------------------------------------------------------------------------
// main.cf / master.cf rewriting

/** Comments out every setting of the given parameters (with continuation lines) and appends new values. */
export function overrideMainCf(text: string, overrides: Record<string, string>): string {
  const lines = text.split(/\r?\n/);
  let commenting = false;
  const out = lines.map((line) => {
    const m = /^([A-Za-z0-9_.-]+)\s*=/.exec(line);
    if (m) commenting = Object.hasOwn(overrides, m[1]!);
    else if (!/^\s/.test(line) && !/^#/.test(line) && line !== "") commenting = false;
    if (commenting && line.trim() !== "" && !/^\s*#/.test(line)) return "#mtalint-oracle# " + line;
    return line;
  });
  if (out.length && out[out.length - 1] === "") out.pop();
  out.push("", "# --- mtalint relay oracle: infrastructure only ---");
  for (const [k, v] of Object.entries(overrides)) out.push(`${k} = ${v}`);
  return out.join("\n") + "\n";
}

type Chunk = { kind: "text"; line: string } | { kind: "entry"; lines: string[] };

function parseMasterCf(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let cur: { kind: "entry"; lines: string[] } | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*#/.test(line) || line.trim() === "") {
      if (cur) cur.lines.push(line);
      else chunks.push({ kind: "text", line });
    } else if (/^\s/.test(line) && cur) {
      cur.lines.push(line);
    } else {
      cur = { kind: "entry", lines: [line] };
      chunks.push(cur);
    }
  }
  return chunks;
}

function entryTokens(e: { lines: string[] }): string[] {
  return e.lines
    .filter((l) => !/^\s*#/.test(l))
    .join(" ")
    .trim()
    .split(/\s+/);
}

function renderMasterCf(chunks: Chunk[]): string {
  return chunks.map((c) => (c.kind === "text" ? c.line : c.lines.join("\n"))).join("\n") + "\n";
}

/** Names under which a scenario may ask for a service: master.cf name, without host, port/name synonyms. */
const SYNONYMS = [["smtp", "25"], ["submission", "587"], ["smtps", "submissions", "465"]];
function serviceKeys(name: string): string[] {
  const short = name.includes(":") ? name.slice(name.lastIndexOf(":") + 1) : name;
  const keys = new Set([name, short]);
  for (const group of SYNONYMS) if (group.includes(short)) for (const k of group) keys.add(k);
  return [...keys];
}

interface InetService {
  /** original master.cf name, e.g. "smtp", "127.0.0.1:submission" */
  original: string;
  keys: string[];
  port: number;
  /** name in the rewritten master.cf, "127.0.0.1:PORT" */
  name: string;
}

const INTERNAL = [
  "pickup", "cleanup", "qmgr", "tlsmgr", "rewrite", "bounce", "defer", "trace", "verify", "flush", "proxymap", "proxywrite", "smtp", "relay",
  "showq", "error", "retry", "discard", "local", "virtual", "lmtp", "anvil", "scache", "postlog",
];

async function rewriteMasterCf(text: string): Promise<{ text: string; services: InetService[] }> {
  const chunks = parseMasterCf(text);
  const entries = chunks.filter((c): c is { kind: "entry"; lines: string[] } => c.kind === "entry");
  const pass = entries.filter((e) => entryTokens(e)[1] === "pass");
  const services: InetService[] = [];
  for (const e of entries) {
    const t = entryTokens(e);
    const m = /^(\S+)(\s+)(\S+)(\s+)(\S+)(\s+)(\S+)(\s+)(\S+)(.*)$/.exec(e.lines[0]!);
    if (!m || t.length < 8) throw new Error(`master.cf entry too complex for the relay oracle: ${e.lines.join(" / ")}`);
    const [, name, s1, type, s2, priv, s3, unpriv, s4, , rest] = m;
    if (type === "inet") {
      const port = await freePort();
      const newName = `127.0.0.1:${port}`;
      services.push({ original: name!, keys: serviceKeys(name!), port, name: newName });
      if (t[7] === "postscreen") {
        if (pass.length !== 1) throw new Error("relay oracle: postscreen service without exactly one 'pass' smtpd service");
        const pt = entryTokens(pass[0]!);
        e.lines = [`${newName} inet ${priv} ${unpriv} n ${pt[5]} ${pt[6]} ${pt.slice(7).join(" ")}`];
        continue;
      }
      e.lines[0] = `${newName}${s1}${type}${s2}${priv}${s3}${unpriv}${s4}n${rest}`;
    } else {
      e.lines[0] = `${name}${s1}${type}${s2}${priv}${s3}${unpriv}${s4}n${rest}`;
    }
  }
  // internal services smtpd needs (it hangs at MAIL FROM without cleanup/rewrite...)
  const have = new Set(entries.map((e) => `${entryTokens(e)[0]}/${entryTokens(e)[1]}`));
  const dist = parseMasterCf(readFileSync(masterCfDist, "utf8")).filter((c): c is { kind: "entry"; lines: string[] } => c.kind === "entry");
  const added: string[] = [];
  for (const e of dist) {
    const t = entryTokens(e);
    if (t[1] === "inet" || !INTERNAL.includes(t[0]!) || have.has(`${t[0]}/${t[1]}`)) continue;
    const m = /^(\S+\s+\S+\s+\S+\s+\S+\s+)(\S+)(.*)$/.exec(e.lines[0]!)!;
    added.push(`${m[1]}n${m[3]}`, ...e.lines.slice(1));
  }
  let out = renderMasterCf(chunks);
  if (added.length) out += "# --- mtalint relay oracle: internal services from master.cf.dist ---\n" + added.join("\n") + "\n";
  return { text: out, services };
}

// ---------------------------------------------------------------------------------------------
// staging

const QUEUE_DIRS = ["active", "bounce", "corrupt", "defer", "deferred", "flush", "hold", "incoming", "private", "public", "saved", "trace", "maildrop", "pid"];

interface Staged {
  root: string;
  conf: string;
  queue: string;
  log: string;
  services: InetService[];
}

function checkTraversable(dir: string) {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) throw new Error(`relay oracle: ${d} is not traversable by the postfix user; set TMPDIR=/tmp`);
    if (dirname(d) === d) break;
  }
}

async function stage(configDir: string): Promise<Staged> {
  const base = tmpdir();
  checkTraversable(base);
  const root = mkdtempSync(join(base, "mtalint-relay-pf-"));
  chmodSync(root, 0o755);
  const conf = join(root, "etc");
  const queue = join(root, "spool");
  const data = join(root, "data");
  const log = join(root, "maillog");
  mkdirSync(conf, { mode: 0o755 });
  for (const n of readdirSync(configDir)) {
    const p = join(configDir, n);
    if (statSync(p).isFile()) copyFileSync(p, join(conf, n));
  }
  const rd = (p: string) => readFileSync(p, "utf8");
  const uid = lookupId("/etc/passwd", "postfix", rd)!;
  const gid = lookupId("/etc/passwd", "postfix", rd, 3)!;
  const postdrop = lookupId("/etc/group", "postdrop", rd)!;
  mkdirSync(queue, { mode: 0o755 });
  for (const d of QUEUE_DIRS) {
    const p = join(queue, d);
    mkdirSync(p);
    chownSync(p, uid, d === "maildrop" || d === "public" ? postdrop : gid);
    chmodSync(p, d === "maildrop" ? 0o730 : d === "public" ? 0o710 : d === "pid" ? 0o755 : 0o700);
  }
  mkdirSync(data, { mode: 0o700 });
  chownSync(data, uid, gid);
  copyFileSync(tlsPem, join(conf, "mtalint-oracle-tls.pem"));
  chmodSync(join(conf, "mtalint-oracle-tls.pem"), 0o600);

  const lib = oracleEnv.LD_LIBRARY_PATH ?? "";
  const mainCf = existsSync(join(conf, "main.cf")) ? readFileSync(join(conf, "main.cf"), "utf8") : "";
  // myorigin = /etc/mailname (Debian) names a file of the target server; master exits when it is missing here.
  // It only qualifies bare addresses, which the probes never send, so it counts as infrastructure.
  const origin = /^myorigin\s*=\s*(\/\S+)\s*$/m.exec(mainCf)?.[1];
  const originOverride: Record<string, string> = origin && !existsSync(origin) ? { myorigin: "$myhostname" } : {};
  writeFileSync(
    join(conf, "main.cf"),
    overrideMainCf(mainCf, {
      ...originOverride,
      queue_directory: queue,
      data_directory: data,
      daemon_directory: join(oracleRoot, "usr/lib/postfix/sbin"),
      command_directory: join(oracleRoot, "usr/sbin"),
      meta_directory: join(oracleRoot, "etc/postfix"),
      shlib_directory: join(oracleRoot, "usr/lib/postfix"),
      mail_owner: "postfix",
      setgid_group: "postdrop",
      inet_interfaces: "127.0.0.1",
      inet_protocols: "ipv4",
      smtpd_authorized_xclient_hosts: "127.0.0.0/8",
      local_recipient_maps: "",
      alias_maps: "",
      alias_database: "",
      import_environment: `MAIL_CONFIG MAIL_DEBUG MAIL_LOGTAG TZ LANG=C POSTLOG_SERVICE POSTLOG_HOSTNAME LD_LIBRARY_PATH=${lib}`,
      export_environment: `TZ MAIL_CONFIG LANG LD_LIBRARY_PATH=${lib}`,
      maillog_file_prefixes: root,
      maillog_file: log,
      smtpd_tls_chain_files: join(conf, "mtalint-oracle-tls.pem"),
      smtpd_tls_cert_file: "",
      smtpd_tls_key_file: "",
      smtpd_tls_eccert_file: "",
      smtpd_tls_eckey_file: "",
      smtpd_tls_dcert_file: "",
      smtpd_tls_dkey_file: "",
    }),
  );
  const masterText = existsSync(join(conf, "master.cf")) ? readFileSync(join(conf, "master.cf"), "utf8") : readFileSync(masterCfDist, "utf8");
  const { text, services } = await rewriteMasterCf(masterText);
  writeFileSync(join(conf, "master.cf"), text);
  backdate(conf);
  return { root, conf, queue, log, services };
}

// ---------------------------------------------------------------------------------------------
// effective per-service settings (postconf -x, -Px on the staged copy)

interface ServiceSettings {
  saslEnabled: boolean;
  saslType: string;
  saslPath: string;
  wrapper: boolean;
}

const PARAMS = ["smtpd_sasl_auth_enable", "smtpd_sasl_type", "smtpd_sasl_path", "smtpd_tls_wrappermode"] as const;

function serviceSettings(conf: string, services: InetService[]): Map<string, ServiceSettings> {
  const main = spawnSync(postconfPath, ["-c", conf, "-hx", ...PARAMS], { env: oracleEnv, encoding: "utf8" });
  if (main.status !== 0) throw new Error(`postconf failed on the staged config: ${main.stderr}`);
  const mainVals = main.stdout.split("\n");
  const per = spawnSync(postconfPath, ["-c", conf, "-Px"], { env: oracleEnv, encoding: "utf8" });
  const overrides = new Map<string, string>();
  for (const line of per.stdout.split("\n")) {
    const i = line.indexOf(" = ");
    if (i < 0) continue;
    overrides.set(line.slice(0, i), line.slice(i + 3));
  }
  const bool = (v: string) => /^yes$/i.test(v.trim());
  const out = new Map<string, ServiceSettings>();
  for (const s of services) {
    const get = (k: (typeof PARAMS)[number]) => overrides.get(`${s.name}/inet/${k}`) ?? mainVals[PARAMS.indexOf(k)] ?? "";
    out.set(s.name, {
      saslEnabled: bool(get("smtpd_sasl_auth_enable")),
      saslType: get("smtpd_sasl_type").trim(),
      saslPath: get("smtpd_sasl_path").trim(),
      wrapper: bool(get("smtpd_tls_wrappermode")),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// processes

const livePgids = new Set<number>();
let exitHookInstalled = false;
function registerPgid(pid: number) {
  livePgids.add(pid);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", () => {
      for (const p of livePgids) {
        try {
          process.kill(-p, "SIGKILL");
        } catch {
          /* gone */
        }
      }
    });
  }
}

async function killGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once("exit", () => r()));
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    /* already gone */
  }
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  // children of master are in its process group; make sure none outlived it (zombies do not count:
  // once reparented, whether they are reaped depends on the machine's init)
  for (let i = 0; i < 40 && liveGroupMembers(pid).length > 0; i++) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      /* gone */
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  livePgids.delete(pid);
}

/** Non-zombie processes of a process group, from /proc. */
function liveGroupMembers(pgid: number): number[] {
  const out: number[] = [];
  for (const n of readdirSync("/proc")) {
    if (!/^\d+$/.test(n)) continue;
    try {
      const stat = readFileSync(`/proc/${n}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(f[2]) === pgid && f[0] !== "Z" && f[0] !== "X") out.push(Number(n));
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

function readLog(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

class FatalInLog extends Error {
  constructor(readonly line: string) {
    super(line);
  }
}

function fatalLine(text: string): string | undefined {
  return text.split("\n").find((l) => /\b(fatal|panic): /.test(l));
}

async function startMaster(st: Staged): Promise<{ child: ChildProcess; stderr: () => string }> {
  const child = spawn(masterPath, ["-c", st.conf, "-d"], { env: oracleEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  if (child.pid !== undefined) registerPgid(child.pid);
  let err = "";
  child.stdout!.on("data", (d) => (err += d));
  child.stderr!.on("data", (d) => (err += d));
  let exited = false;
  child.once("exit", () => (exited = true));
  child.once("error", (e) => {
    exited = true;
    err += String(e);
  });
  const t0 = Date.now();
  for (;;) {
    const log = readLog(st.log);
    if (/daemon started/.test(log)) return { child, stderr: () => err };
    if (exited) {
      await killGroup(child);
      // master dies before postlogd runs when bind() fails (a free port taken meanwhile): its
      // message is lost, so an exit without a logged fatal error is retried with new ports
      const fatal = fatalLine(log);
      throw new MasterStartError(
        fatal ?? `master exited (status ${child.exitCode ?? child.signalCode}) before starting; no log. ${err}`,
        !fatal || /Address already in use/.test(fatal),
      );
    }
    // without any log line, master may still be fine: connecting retries on ECONNREFUSED
    if (Date.now() - t0 > START_TIMEOUT_MS) {
      if (child.exitCode === null) return { child, stderr: () => err };
      throw new MasterStartError("master did not start: " + log + err, false);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

class MasterStartError extends Error {
  constructor(
    msg: string,
    readonly retry: boolean,
  ) {
    super(msg);
  }
}

// ---------------------------------------------------------------------------------------------
// one SMTP dialogue

async function runScenario(
  sc: RelayScenario,
  svc: InetService,
  settings: ServiceSettings,
  check: () => Error | undefined,
): Promise<RealVerdict> {
  const T = REPLY_TIMEOUT_MS;
  const c = await SmtpClient.open(svc.port, settings.wrapper, 5000);
  let saslOffered = false;
  try {
    const fail = (r: Reply, stage: RealVerdict["stage"]) => replyToVerdict(r, stage, saslOffered);
    let r = await c.reply(T, check);
    if (!r.code.startsWith("2")) return fail(r, "CONNECT");
    r = await c.command("EHLO mtalint-oracle.localhost", T, check);
    if (!r.code.startsWith("2")) return fail(r, "EHLO");
    let kw = keywords(r);
    if (!settings.wrapper && kw.has("STARTTLS")) {
      r = await c.command("STARTTLS", T, check);
      if (r.code !== "220") return fail(r, "STARTTLS");
      await c.startTls();
      r = await c.command("EHLO mtalint-oracle.localhost", T, check);
      if (!r.code.startsWith("2")) return fail(r, "EHLO");
      kw = keywords(r);
    }
    saslOffered = settings.saslEnabled && kw.has("AUTH");
    if (!kw.has("XCLIENT")) throw new Error(`relay oracle: smtpd did not offer XCLIENT; transcript:\n${c.transcript.join("\n")}`);
    const addr = sc.client.includes(":") ? `IPV6:${sc.client}` : sc.client;
    const login = sc.sasl !== undefined && saslOffered;
    r = await c.command(`XCLIENT ADDR=${xtext(addr)} NAME=[UNAVAILABLE]${login ? ` LOGIN=${xtext(sc.sasl!)}` : ""}`, T, check);
    if (r.code !== "220") throw new Error(`relay oracle: XCLIENT refused; transcript:\n${c.transcript.join("\n")}`);
    r = await c.command(`EHLO ${sc.helo ?? DEFAULT_HELO}`, T, check);
    if (!r.code.startsWith("2")) return { ...fail(r, "EHLO"), ...(sc.sasl !== undefined ? { saslAccepted: login } : {}) };
    r = await c.command(`MAIL FROM:<${sc.from ?? DEFAULT_FROM}>`, T, check);
    if (!r.code.startsWith("2")) return { ...fail(r, "MAIL"), ...(sc.sasl !== undefined ? { saslAccepted: login } : {}) };
    r = await c.command(`RCPT TO:<${sc.to}>`, T, check);
    const v = { ...fail(r, "RCPT"), ...(sc.sasl !== undefined ? { saslAccepted: login } : {}) };
    c.send("QUIT");
    await c.reply(2000).catch(() => undefined);
    return v;
  } finally {
    c.destroy();
  }
}

function keywords(r: Reply): Set<string> {
  return new Set(r.lines.slice(1).map((l) => l.slice(4).split(/[ =]/)[0]!.toUpperCase()));
}

// ---------------------------------------------------------------------------------------------

function findService(services: InetService[], name: string): InetService {
  const s = services.find((x) => x.original === name) ?? services.find((x) => x.keys.includes(name));
  if (!s) throw new Error(`relay oracle: no inet service '${name}' in master.cf (have: ${services.map((x) => x.original).join(", ") || "none"})`);
  return s;
}

/**
 * Runs the real Postfix on a copy of `configDir` (main.cf, master.cf, side files) and returns the
 * real RCPT TO verdict of each scenario, in order.
 */
export async function postfixRelayVerdicts(configDir: string, scenarios: RelayScenario[]): Promise<RealVerdict[]> {
  return runWithRetries(configDir, scenarios, false);
}

/** A verdict with the lines Postfix wrote to its log during that scenario's session (connect to disconnect). */
export interface LoggedVerdict extends RealVerdict {
  log: string[];
}

/** As postfixRelayVerdicts, and each verdict also carries the log lines the real Postfix wrote for its session. */
export async function postfixRelayVerdictsWithLog(configDir: string, scenarios: RelayScenario[]): Promise<LoggedVerdict[]> {
  return (await runWithRetries(configDir, scenarios, true)) as LoggedVerdict[];
}

async function runWithRetries(configDir: string, scenarios: RelayScenario[], withLog: boolean): Promise<RealVerdict[]> {
  const avail = postfixRelayOracleAvailable();
  if (!avail.available) throw new Error(avail.reason);
  for (let attempt = 1; ; attempt++) {
    try {
      return await runOnce(configDir, scenarios, withLog);
    } catch (e) {
      // a free port taken by someone else between probing and master's bind(): new ports
      if (e instanceof MasterStartError && e.retry && attempt < 4) continue;
      throw e;
    }
  }
}

/** The log lines written since `start`, once smtpd has logged the end of the session (or after 3 s). */
async function sessionLog(path: string, start: number): Promise<string[]> {
  const t0 = Date.now();
  let text = readLog(path).slice(start);
  while (!/\bdisconnect from |\b(fatal|panic): /.test(text) && Date.now() - t0 < 3000) {
    await new Promise((r) => setTimeout(r, 20));
    text = readLog(path).slice(start);
  }
  return text.split("\n").filter((l) => l !== "");
}

async function runOnce(configDir: string, scenarios: RelayScenario[], withLog = false): Promise<RealVerdict[]> {
  const st = await stage(configDir);
  const stubs: DovecotStub[] = [];
  let master: { child: ChildProcess; stderr: () => string } | undefined;
  let watchdogFired = false;
  const watchdog = setTimeout(
    () => {
      watchdogFired = true;
      if (master?.child.pid !== undefined) {
        try {
          process.kill(-master.child.pid, "SIGKILL");
        } catch {
          /* gone */
        }
      }
    },
    30_000 + 5_000 * scenarios.length,
  );
  try {
    const settings = serviceSettings(st.conf, st.services);
    const wanted = new Set(scenarios.map((s) => findService(st.services, s.service ?? "smtp").name));
    const stubPaths = new Set<string>();
    for (const name of wanted) {
      const s = settings.get(name)!;
      if (!s.saslEnabled || s.saslType !== "dovecot") continue;
      if (isAbsolute(s.saslPath) || /^inet:/.test(s.saslPath))
        throw new Error(`relay oracle: smtpd_sasl_path=${s.saslPath} unsupported; use a path relative to queue_directory (private/auth)`);
      stubPaths.add(join(st.queue, s.saslPath));
    }
    for (const p of stubPaths) {
      mkdirSync(dirname(p), { recursive: true });
      stubs.push(await startDovecotStub(p));
    }
    master = await startMaster(st);
    const results: (RealVerdict | LoggedVerdict)[] = [];
    const fatalBySvc = new Map<string, RealVerdict>();
    for (const sc of scenarios) {
      const svc = findService(st.services, sc.service ?? "smtp");
      const set = settings.get(svc.name)!;
      const prior = fatalBySvc.get(svc.name);
      if (prior) {
        results.push({ ...prior });
        continue;
      }
      const logStart = readLog(st.log).length;
      const check = () => {
        const f = fatalLine(readLog(st.log).slice(logStart));
        return f ? new FatalInLog(f) : undefined;
      };
      try {
        const v = await runScenario(sc, svc, set, check);
        results.push(withLog ? { ...v, log: await sessionLog(st.log, logStart) } : v);
      } catch (e) {
        let line = e instanceof FatalInLog ? e.line : undefined;
        if (!line && e instanceof ConnectionClosed) {
          // the log line may trail the disconnect by a little
          for (let i = 0; i < 40 && !line; i++) {
            await new Promise((r) => setTimeout(r, 50));
            line = fatalLine(readLog(st.log).slice(logStart));
          }
        }
        if (!line) {
          if (watchdogFired) throw new Error(`relay oracle: hard timeout; log:\n${readLog(st.log)}`);
          throw new Error(`${(e as Error).message}\nlog:\n${readLog(st.log)}`);
        }
        const v: RealVerdict = {
          verdict: "FATAL",
          text: line.replace(/^.*?\b(fatal|panic): /, ""),
          raw: line,
          saslOffered: set.saslEnabled,
          stage: "LOG",
        };
        fatalBySvc.set(svc.name, v);
        results.push(withLog ? { ...v, log: readLog(st.log).slice(logStart).split("\n").filter((l) => l !== "") } : { ...v });
      }
    }
    return results;
  } finally {
    clearTimeout(watchdog);
    if (master) await killGroup(master.child);
    await Promise.all(stubs.map((s) => s.close()));
    if (!process.env.MTALINT_KEEP_ORACLE_DIRS) rmSync(st.root, { recursive: true, force: true });
  }
}
