/**
 * Fixed regression rows for what the fuzzers (test/fuzz) found: inputs that
 * once hung or crashed mtalint, and configurations where mtalint disagreed
 * with the real Postfix or Exim. Each row asserts mtalint's answer; where
 * the oracle is installed, the same row is also run through the real binary
 * (the binary wins; the row records what it answered when it was measured).
 * The random inputs that used to live here are now fast-check properties
 * (test/fuzz/parse.test.ts, "fragment soup").
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Severity } from "../../src/engine/severity.js";
import { parseExim } from "../../src/exim/api.js";
import { loadPostfix, type PostfixConfig } from "../../src/model/postfix/config.js";
import { printNonDefault, printParameters, printServiceOverrides } from "../../src/model/postfix/print.js";
import { simulateEximRelay } from "../../src/relay/exim/simulate.js";
import { probe } from "../../src/relay/probes.js";
import { simulatePostfixRelay } from "../../src/relay/postfix/simulate.js";
import { verdictLine, type RelayScenario } from "../../src/relay/types.js";
import { eximRelayOracleAvailable, eximRelayVerdicts } from "../helpers/exim-relay-oracle.js";
import { oracleStatus, oraclesRequired } from "../helpers/oracles.js";
import { postfixRelayOracleAvailable, postfixRelayVerdicts } from "../helpers/postfix-relay-oracle.js";
import { runPostfixRules } from "../../src/engine/run.js";
import { defaultSettings } from "../../src/engine/settings.js";
import masterUnknownOverride from "../../rules/postfix/master-unknown-override.js";
import unknownParameter from "../../rules/postfix/unknown-parameter.js";
import { postconfQuick } from "../fuzz/postconf-runner.js";
import { postfixConfigOf } from "../fuzz/pipeline.js";

/** Runs `f` and fails if it takes longer than `ms` (the runaways below once hung or exhausted memory). */
function within<T>(ms: number, f: () => T): T {
  const t0 = Date.now();
  const r = f();
  expect(Date.now() - t0).toBeLessThan(ms);
  return r;
}

describe("runaways found by the robustness fuzzer stay fixed", () => {
  it.each([
    ["a computed default that refers back to itself (mydomain = $myhostname, myhostname unset)", "mydomain = $myhostname\n"],
    ["$name expansion that doubles at every level (a = $b $b, b = $c $c, ...)", Array.from({ length: 40 }, (_, i) => `p${i} = $p${i + 1} $p${i + 1}`).join("\n") + "\nsmtpd_banner = $p0\n"],
    ["list resolution through $references that loop", "mynetworks = $a\na = $b, $a\nb = $a, 127.0.0.0/8\nsmtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n"],
  ])("%s", (_, main) => {
    within(5000, () => {
      const config = postfixConfigOf(main, undefined);
      printNonDefault(config, true);
      printParameters(config, ["mydomain", "myhostname", "mynetworks", "smtpd_banner"], true);
      simulatePostfixRelay(config, probe("outside-to-remote", "example.org"));
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Postfix: postconf -n / -nx / -P rows

interface PrintRow {
  name: string;
  main: string;
  master?: string;
  /** postconf refuses the configuration: mtalint reports an error diagnostic with this detail. */
  refused?: string;
  /** What postconf -n prints after config_directory (when accepted). */
  n?: string;
  /** What postconf -P prints. */
  P?: string;
  /** postconf -Px stops with "macro processing error". */
  PxFatal?: boolean;
  /** What postconf -Px prints. */
  Px?: string;
  /** postconf -x NAME... (exact output). */
  x?: [string[], string];
}

const DIR = "/virtual/postfix";

const printRows: PrintRow[] = [
  { name: "master.cf process_limit must be a number or -", main: "", master: "smtp inet - - - - n smtpd\n", refused: "field-value" },
  { name: "master.cf wakeup: digits with one optional ? (1?? is refused)", main: "", master: "smtp inet - - - 1?? - smtpd\n", refused: "field-value" },
  { name: "master.cf wakeup ? and -? alone are accepted", main: "", master: "a unix - - - ? - smtpd\nb unix - - - -? - smtpd\n", n: "" },
  { name: "master.cf type is inet, unix, unix-dgram, fifo or pass; braces are not stripped there", main: "", master: "smtp {inet} - - - - - smtpd\n", refused: "field-value" },
  { name: "master.cf private column {-} is refused", main: "", master: "smtp inet {-} - - - - smtpd\n", refused: "field-value" },
  { name: "a built-in parameter that refers to itself is fatal", main: "myhostname = $myhostname\n", refused: "expansion-error" },
  { name: "a loop through a user-defined parameter is fatal when a built-in reads it", main: "smtpd_banner = $a\na = $a\n", refused: "expansion-error" },
  { name: "a user-defined parameter that refers to itself is not expanded", main: "foo = $foo\nbar = $foo\n", n: "foo = $foo\n" },
  { name: "${name?text} does not expand text when name is undefined", main: "myhostname = ${foo?$myhostname}\n", n: "myhostname = ${foo?$myhostname}\n" },
  { name: "${name:text} does expand it", main: "myhostname = ${foo:$myhostname}\n", refused: "expansion-error" },
  { name: 'a "$" without a name is fatal (empty macro name)', main: "myhostname = a$\n", refused: "expansion-error" },
  { name: "an unclosed $( is fatal (truncated macro reference)", main: "myhostname = $(a\n", refused: "expansion-error" },
  { name: "${a b} is fatal (attribute name syntax error)", main: "myhostname = ${a b}\n", refused: "expansion-error" },
  { name: "an -o value that refers to itself is fatal", main: "x = 1\n", master: "smtp inet - - n - - smtpd -o smtpd_banner=$smtpd_banner\n", refused: "expansion-error" },
  { name: "compatibility_level that is not a level is fatal while mynetworks is computed", main: "compatibility_level = x\n", refused: "bad-value" },
  { name: "... but not when mynetworks is set", main: "compatibility_level = x\nmynetworks = 127.0.0.0/8\n", n: "compatibility_level = x\nmynetworks = 127.0.0.0/8\n" },
  { name: "... nor when mynetworks_style is set", main: "compatibility_level =\nmynetworks_style = host\n", n: "compatibility_level =\nmynetworks_style = host\n" },
  { name: "mynetworks_style is one of host, subnet, class (case matters)", main: "mynetworks_style = HOST\n", refused: "bad-value" },
  { name: "inet_protocols values are all, ipv4, ipv6", main: "inet_protocols = IPv4\n", refused: "bad-value" },
  { name: "a default that would not expand is not checked (mydomain = $$=)", main: "mydomain = $$=\n", n: "mydomain = $$=\n" },
  { name: "process_id, process_name and service_name are read-only: not printed", main: "process_name = a\nservice_name = b\nbiff = no\n", n: "biff = no\n" },
  { name: "a legacy name (a default refers to it) with a value is a parameter", main: "virtual_maps = hash:/etc/postfix/virtual\n", n: "virtual_maps = hash:/etc/postfix/virtual\n" },
  { name: "-o after a non-option argument is not an override", main: "", master: "smtp inet - - - - - smtpd flags=DRhu -o myhostname=a\n", P: "" },
  { name: "-o after -t's value is not an override (postconf reads -t as a flag)", main: "", master: "smtp inet - - - - - smtpd -t unix -o myhostname=a\n", P: "" },
  { name: "-vo name=value is -v -o name=value", main: "", master: "smtp inet - - - - - smtpd -vo myhostname=a\n", P: "smtp/inet/myhostname = a\n" },
  { name: '-omyhostname=a splits at its second "o": -omyh and -ostname=a', main: "", master: "smtp inet - - - - - smtpd -omyhostname=a\n", P: "smtp/inet/stname = a\n" },
  { name: "-o { a b = c } is not name=value", main: "", master: "smtp inet - - - - - smtpd -o { a b = c } -o mydomain=x\n", P: "smtp/inet/mydomain = x\n" },
  {
    name: "entries with the same service/type share one -o table, shown from the first with an -o",
    main: "",
    master: "c inet - - - - - smtpd\nc inet - - - - - smtpd -o myhostname=1 -o mydomain=2\nc inet - - - - - smtpd -o myhostname=3\n",
    P: "c/inet/mydomain = 2\nc/inet/myhostname = 3\nc/inet/mydomain = 2\nc/inet/myhostname = 3\n",
  },
  {
    name: "-Px expands -o values of raw parameters too (postconf -nx does not)",
    main: "mailbox_command = $home/x\n",
    master: "smtp inet - - - - - smtpd -o mailbox_command=$my_class/y\n",
    x: [["mailbox_command"], "mailbox_command = $home/x\n"],
    Px: "smtp/inet/mailbox_command = /y\n",
  },
  { name: "-o that does not expand: -Px is fatal, -P prints it", main: "", master: "smtp inet - - - - - smtpd -o my_class=$\n", P: "smtp/inet/my_class = $\n", PxFatal: true },
  {
    name: "expressions: relational without ?:, blanks around ?, numbers compared as numbers, strings with strcmp, {t}:text, levels",
    main: "a = 1\nmyhostname = ${{a} == {a}}|${a ? {b}}|${{01} == {1} ? {num} : {str}}|${{x} < {10} ? {lt} : {ge}}|${a?{b}:c}|${{3.6} <level {3.10} ? {old} : {new}}\n",
    x: [["myhostname"], "myhostname = true|b|num|ge|b|old\n"],
  },
  {
    name: "the computed mydomain is the main.cf myhostname after its first dot, read with main.cf settings only",
    main: "myhostname = localhost.$mydomain $2bounce_notice_recipient yes\n",
    x: [["mydomain", "myhostname"], "mydomain = yes\nmyhostname = localhost. yes postmaster yes\n"],
  },
  {
    name: "the computed myhostname reads mydomain with main.cf settings only (defaults are not defined yet)",
    main: "mydomain = $mail_name\n",
    x: [["mydomain"], "mydomain = Postfix\n"],
  },
];

/** postconf -n output: the row's lines and config_directory, sorted by name. */
function withConfigDirectory(lines: string, dir: string): string {
  return [`config_directory = ${dir}`, ...lines.split("\n").filter(Boolean)].sort().map((l) => `${l}\n`).join("");
}

function errorsOf(config: PostfixConfig): string[] {
  return config.diagnostics.filter((d) => d.severity === Severity.Error).map((d) => d.detail ?? d.code);
}

describe("Postfix rows: mtalint print and refusals", () => {
  it.each(printRows)("$name", (row) => {
    const config = postfixConfigOf(row.main, row.master, DIR);
    if (row.refused) {
      expect(errorsOf(config)).toContain(row.refused);
      return;
    }
    expect(errorsOf(config)).toEqual([]);
    if (row.n !== undefined) expect(printNonDefault(config).stdout).toBe(withConfigDirectory(row.n, DIR));
    if (row.P !== undefined) expect(printServiceOverrides(config).stdout).toBe(row.P);
    if (row.PxFatal !== undefined) expect(printServiceOverrides(config, true).fatal !== undefined).toBe(row.PxFatal);
    if (row.Px !== undefined) expect(printServiceOverrides(config, true).stdout).toBe(row.Px);
    if (row.x) expect(printParameters(config, row.x[0], true).stdout).toBe(row.x[1]);
  });

  it("the computed myhostname with mydomain = $mail_name is the host name and a dot", () => {
    const config = postfixConfigOf("mydomain = $mail_name\n", undefined);
    const expected = hostname().includes(".") ? hostname() : `${hostname()}.`;
    expect(printParameters(config, ["myhostname"], true).stdout).toBe(`myhostname = ${expected}\n`);
  });

  it("unused -o: a $name in one service does not make another service's -o a parameter", () => {
    const config = postfixConfigOf("", "smtp inet - - - - - smtpd -o { myhostname = $x_limit, y }\nsmtp pass - - - - - smtpd -o x_limit=1\n");
    const flagged = runPostfixRules(config, [masterUnknownOverride], defaultSettings()).map((f) => f.message);
    expect(flagged).toEqual([expect.stringContaining("-o x_limit")]);
  });

  it("restriction classes are read with main.cf settings only: ${myhostname?...} sees no myhostname", () => {
    const config = postfixConfigOf("smtpd_restriction_classes = ${myhostname?{a b}:{c}} yes\nb = x\n", undefined);
    expect(runPostfixRules(config, [unknownParameter], { ...defaultSettings(), postfixVersion: "3.7" }).map((f) => f.messageId)).toEqual([expect.stringMatching(/^unknown/)]);
  });
});

const postconfStatus = oracleStatus("postconf");

describe.skipIf(!postconfStatus.available)("Postfix rows agree with real postconf", () => {
  it.each(printRows)("$name", async (row) => {
    const dir = mkdtempSync(join(tmpdir(), "mtalint-rows-"));
    try {
      writeFileSync(join(dir, "main.cf"), row.main);
      if (row.master !== undefined) writeFileSync(join(dir, "master.cf"), row.master);
      const config = loadPostfix(dir);
      const n = await postconfQuick(dir, ["-n"]);
      expect(n.status !== 0, n.stderr).toBe(row.refused !== undefined);
      if (row.refused) return;
      expect(printNonDefault(config).stdout).toBe(n.stdout);
      if (row.n !== undefined) expect(n.stdout).toBe(withConfigDirectory(row.n, dir));
      if (row.P !== undefined) expect((await postconfQuick(dir, ["-P"])).stdout).toBe(row.P);
      if (row.PxFatal !== undefined) expect((await postconfQuick(dir, ["-Px"])).status !== 0).toBe(row.PxFatal);
      if (row.Px !== undefined) expect((await postconfQuick(dir, ["-Px"])).stdout).toBe(row.Px);
      if (row.x) expect((await postconfQuick(dir, ["-x", ...row.x[0]])).stdout).toBe(row.x[1]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Relay rows

const OUT = "203.0.113.7";

interface PostfixRelayRow {
  name: string;
  main: string;
  scenario: RelayScenario;
  verdict: string;
}

const BASE = "compatibility_level = 3.6\nmyhostname = mail.example.org\nmydomain = example.org\nmydestination = $myhostname, localhost, example.org\nmynetworks = 127.0.0.0/8\nrelay_domains =\n";
const nameless = (to: string): RelayScenario => ({ client: OUT, clientName: "", helo: "client.sender.example", from: "sender@sender.example", to, thisHost: true, assumeRecipientExists: true });

const postfixRelayRows: PostfixRelayRow[] = [
  {
    name: "reject_unknown_client_hostname refuses a client without a host name with unknown_client_reject_code",
    main: `${BASE}smtpd_client_restrictions = reject_unknown_client_hostname, permit_mynetworks\n`,
    scenario: nameless("user@remote.example"),
    verdict: "DEFER 450 4.7.25 Client host rejected: cannot find your hostname, [203.0.113.7]",
  },
  {
    name: "a restriction class that decides nothing hands back to the list that named it",
    main: `${BASE}smtpd_helo_restrictions = my_class, check_client_access inline:{ 203.0.113.7=REJECT }\nsmtpd_restriction_classes = my_class\nmy_class = permit_mynetworks\n`,
    scenario: nameless("user@remote.example"),
    verdict: "REJECT 554 5.7.1 <unknown[203.0.113.7]>: Client host rejected: Access denied",
  },
  {
    name: "an inline table entry with a blank in its value breaks the table: 451 4.3.5",
    main: `${BASE}smtpd_client_restrictions = check_client_access inline:{ 203.0.113=REJECT client blocked }\n`,
    scenario: nameless("user@remote.example"),
    verdict: "DEFER 451 4.3.5 <unknown[203.0.113.7]>: Client host rejected: Server configuration error",
  },
];

describe("Postfix relay rows", () => {
  it.each(postfixRelayRows)("$name", (row) => {
    expect(verdictLine(simulatePostfixRelay(postfixConfigOf(row.main, undefined), row.scenario))).toBe(row.verdict);
  });
});

function relayAvailable(check: () => { available: boolean; reason: string }): boolean {
  const a = check();
  if (!a.available) {
    if (oraclesRequired) throw new Error(`MTALINT_REQUIRE_ORACLES=1 but ${a.reason}`);
    console.warn(`skipping relay regression rows against the real MTA: ${a.reason}`);
  }
  return a.available;
}

describe.skipIf(!relayAvailable(postfixRelayOracleAvailable))("Postfix relay rows agree with the real smtpd", () => {
  it.each(postfixRelayRows)("$name", async (row) => {
    const dir = mkdtempSync(join(tmpdir(), "mtalint-rows-relay-"));
    try {
      writeFileSync(join(dir, "main.cf"), row.main);
      const [real] = await postfixRelayVerdicts(dir, [row.scenario]);
      expect(`${real!.verdict} ${real!.raw}`).toBe(row.verdict);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

interface EximRelayRow {
  name: string;
  acl: string;
  sub?: string;
  to?: string;
  verdict: string;
}

const eximText = (row: EximRelayRow) =>
  [
    "primary_hostname = mail.example.org",
    "domainlist local_domains = @ : example.org",
    "hostlist relay_from_hosts = 127.0.0.1",
    "acl_smtp_rcpt = acl_check_rcpt",
    "begin acl",
    "acl_check_rcpt:",
    row.acl,
    "acl_sub:",
    row.sub ?? "  accept",
    "",
  ].join("\n");

const eximRelayRows: EximRelayRow[] = [
  { name: "the implicit deny answers with the message of a last accept whose conditions failed", acl: "  accept message = M1\n          hosts = :", verdict: "REJECT 550 - M1" },
  { name: "... not when a statement without one follows", acl: "  accept message = M1\n          hosts = :\n  deny hosts = 10.0.0.1\n          message = M3", verdict: "REJECT 550 - Administrative prohibition" },
  { name: "a list ending in a negated item ends in an implicit *: !+local_domains matches a remote domain", acl: "  accept domains = !+local_domains\n  deny", verdict: "ACCEPT" },
  { name: "a nested discard is an error for a deny statement: Exim defers", acl: "  deny acl = acl_sub\n  accept", sub: "  discard", verdict: "DEFER 451 - Temporary local problem - please try later" },
  { name: "a nested discard ends an accept statement with discard: the conditions after it are not tested", acl: "  accept acl = acl_sub\n          hosts = :", sub: "  discard", verdict: "ACCEPT" },
  { name: "a nested discard in a warn statement is an error: Exim defers", acl: "  warn acl = acl_sub\n  accept", sub: "  discard", verdict: "DEFER 451 - Temporary local problem - please try later" },
  { name: "a nested defer in a warn statement is ignored", acl: "  warn acl = acl_sub\n  accept", sub: "  defer message = X1", verdict: "ACCEPT" },
  { name: "a nested deny's message answers for the statement that has none", acl: "  accept acl = acl_sub", sub: "  deny message = N1", verdict: "REJECT 550 - N1" },
  { name: "a nested accept's message is the reply of a drop statement that has none", acl: "  drop acl = acl_sub\n  accept", sub: "  accept message = relay not permitted", verdict: "REJECT 550 - relay not permitted" },
  {
    name: "a nested ACL mtalint cannot decide may also defer: UNKNOWN, not the verdict both branches share",
    acl: "  accept acl = acl_sub\n  accept",
    sub: "  accept condition = ${if match_domain{$domain}{+local_domains}}\n  defer",
    verdict: "UNKNOWN",
  },
  { name: "a nested defer without a message answers with Exim's default, not the statement's message", acl: "  accept message = M1\n          acl = acl_sub", sub: "  defer", verdict: "DEFER 451 - Temporary local problem - please try later" },
  { name: "a nested defer's message is the reply", acl: "  accept acl = acl_sub", sub: "  defer message = X1", verdict: "DEFER 451 - X1" },
  { name: "\\n in a message is a line break", acl: "  deny message = blocked\\nsee policy", verdict: "REJECT 550 - blocked\nsee policy" },
];

const eximScenario = (row: EximRelayRow): RelayScenario => ({ client: OUT, helo: "client.sender.example", from: "sender@sender.example", to: row.to ?? "user@remote.example", tls: false });

describe("Exim relay rows", () => {
  it.each(eximRelayRows)("$name", (row) => {
    const loaded = parseExim(eximText(row), { path: "/etc/exim4/exim4.conf" });
    expect(loaded.diagnostics.filter((d) => d.severity === Severity.Error)).toEqual([]);
    const line = verdictLine(simulateEximRelay(loaded.config, eximScenario(row)));
    expect(row.verdict === "UNKNOWN" ? line.split(" ")[0] : line).toBe(row.verdict);
  });
});

describe.skipIf(!relayAvailable(eximRelayOracleAvailable))("Exim relay rows agree with real exim -bh", () => {
  it.each(eximRelayRows.filter((r) => r.verdict !== "UNKNOWN"))("$name", async (row) => {
    const dir = mkdtempSync(join(tmpdir(), "mtalint-rows-exim-"));
    try {
      writeFileSync(join(dir, "exim.conf"), eximText(row));
      const [real] = await eximRelayVerdicts(join(dir, "exim.conf"), [eximScenario(row)]);
      const ours = row.verdict.replace(/ - /, " ");
      expect(real!.verdict === "ACCEPT" ? "ACCEPT" : `${real!.verdict} ${real!.code} ${real!.text}`).toBe(ours);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
