/**
 * Exim expansions that would run a program, read a file or socket, load code
 * or query a server are never evaluated: a ${run{touch MARK}} leaves no
 * MARK and ${readfile{/dev/zero}} does not hang, whatever the command. Where
 * such an expansion decides what Exim answers, the relay simulator says
 * UNKNOWN; the real Exim shows why (a failing expansion makes it defer).
 * Postfix lookups that need a server are UNKNOWN too.
 */
import { chmodSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { exim, oracleStatus } from "../helpers/oracles.js";
import { expectBounded, removeTempDirs, runCli, tempDir, tree } from "./hostile-helpers.js";

afterAll(removeTempDirs);

const HEAD = "primary_hostname = mx.example.org\nacl_smtp_rcpt = acl_check_rcpt\nbegin acl\nacl_check_rcpt:\n";
const RELAY = ["--client", "203.0.113.9", "--to", "user@remote.example"];

/** ACL statements (MARK = a file the expansion would create) and the first line of `mtalint relay`. */
const cases: [string, string, string][] = [
  ["${run} in a host list", "  accept hosts = ${run{/usr/bin/touch MARK}{127.0.0.1}{}}\n  deny\n", "UNKNOWN hosts = ${run{/usr/bin/touch MARK}{127.0.0.1}{}}: ${run...} is not evaluated by mtalint"],
  ["${readsocket} in a condition", "  accept condition = ${readsocket{inet:127.0.0.1:25}{QUIT}}\n  deny\n", "UNKNOWN condition = ${readsocket{inet:127.0.0.1:25}{QUIT}}: ${readsocket...} is not evaluated by mtalint"],
  ["${perl} in a condition", "  deny condition = ${perl{decide}}\n  accept\n", "UNKNOWN condition = ${perl{decide}}: ${perl...} is not evaluated by mtalint"],
  ["${readfile{/dev/zero}} in a condition", "  accept condition = ${if eq{${readfile{/dev/zero}}}{x}}\n  deny\n", "UNKNOWN condition = ${if eq{${readfile{/dev/zero}}}{x}}: ${readfile...} is not evaluated by mtalint"],
  ["${dlfunc} in a condition", "  accept condition = ${dlfunc{/usr/lib/decide.so}{decide}}\n  deny\n", "UNKNOWN condition = ${dlfunc{/usr/lib/decide.so}{decide}}: ${dlfunc...} is not evaluated by mtalint"],
  ["${lookup mysql} in a domain list", "  accept domains = ${lookup mysql{select 1}}\n  deny\n", "UNKNOWN domains = ${lookup mysql{select 1}}: ${lookup...} is not evaluated by mtalint"],
  [
    "${lookup lsearch} of a file in a recipient list",
    "  accept recipients = ${lookup{$local_part}lsearch{/etc/exim4/allowed}}\n  deny\n",
    "UNKNOWN recipients = ${lookup{$local_part}lsearch{/etc/exim4/allowed}}: ${lookup...} is not evaluated by mtalint",
  ],
  ["a mysql; list item", "  accept hosts = mysql;select host from relay\n  deny\n", 'UNKNOWN the host list uses the lookup "mysql;select host from relay"'],
  [
    "a net-lsearch; list item",
    "  accept hosts = net-lsearch;/etc/exim4/relay_hosts\n  deny\n",
    'UNKNOWN the host list uses the lookup "net-lsearch;/etc/exim4/relay_hosts": /etc/exim4/relay_hosts is not in the configuration\'s directory; if the file is missing or unreadable on the server, Exim logs a panic and drops the connection without answering',
  ],
  ["${run} naming the ACL to run", "  accept acl = ${run{/bin/echo acl_ok}}\n  deny\n", "UNKNOWN acl = ${run{/bin/echo acl_ok}}: ${run...} is not evaluated by mtalint"],
  [
    "${run} whose result would only be tested later",
    "  warn set acl_m0 = ${run{/usr/bin/touch MARK}}\n  accept condition = $acl_m0\n  deny\n",
    "UNKNOWN set acl_m0 = ${run{/usr/bin/touch MARK}}: Exim defers (451) if this expansion fails, and ${run...} is not evaluated by mtalint",
  ],
  [
    "${run} in a warn modifier: a failure defers",
    "  warn set acl_m0 = ${run{/usr/bin/touch MARK}}\n  deny\n",
    "UNKNOWN set acl_m0 = ${run{/usr/bin/touch MARK}}: Exim defers (451) if this expansion fails, and ${run...} is not evaluated by mtalint",
  ],
  [
    "${readsocket} in add_header on the accepting statement",
    "  accept add_header = X-Checked: ${readsocket{/run/check.sock}{check}}\n",
    "UNKNOWN add_header = X-Checked: ${readsocket{/run/check.sock}{check}}: Exim defers (451) if this expansion fails, and ${readsocket...} is not evaluated by mtalint",
  ],
  [
    "${run} in a host list where both outcomes accept: a failure still defers",
    "  accept hosts = ${run{/usr/bin/touch MARK}}\n  accept\n",
    "UNKNOWN hosts = ${run{/usr/bin/touch MARK}}: whether it holds or not, the verdict is the same, but Exim defers (451) if this expansion fails, and ${run...} is not evaluated by mtalint",
  ],
  [
    "a mysql; list item where both outcomes deny",
    "  deny hosts = mysql;select host from blocked\n  deny\n",
    "UNKNOWN hosts = mysql;select host from blocked: whether it holds or not, the verdict is the same, but Exim defers (451) if this lookup fails, and the lookup is not made by mtalint",
  ],
  // Decided regardless: the statement's own condition is false before the expansion is reached, or only the text is expanded.
  ["${run} in a warn after a condition that is false", "  warn hosts = 192.0.2.1\n       set acl_m0 = ${run{/usr/bin/touch MARK}}\n  deny\n", "REJECT 550 - Administrative prohibition"],
  ["${run} in the message of a deny (a failure only changes the text)", "  deny message = ${run{/usr/bin/touch MARK}}\n", "REJECT 550 - ${run{/usr/bin/touch MARK}}"],
];

describe("Exim expansions that run, read or query are never evaluated", () => {
  it.each(cases)("%s", (name, acl, verdict) => {
    const dir = tempDir();
    const mark = join(dir, "ran");
    const file = join(dir, "exim.conf");
    writeFileSync(file, HEAD + acl.replaceAll("MARK", mark));
    const relay = runCli(["relay", file, ...RELAY]);
    expectBounded(relay, name);
    expect(relay.stdout.split("\n")[0]).toBe(verdict.replaceAll("MARK", mark));
    expect(relay.code).toBe(0);
    for (const args of [["lint", file], ["print", file, "--acl", "acl_check_rcpt"], ["diff", file, file]]) {
      const r = runCli(args);
      expectBounded(r, `${name}: ${args[0]}`);
      expect(r.stderr).toBe("");
    }
    expect(existsSync(mark)).toBe(false);
  });

  it("${run} in a main option, a router and a transport is never run either", () => {
    const dir = tempDir();
    const mark = join(dir, "ran");
    const file = join(dir, "exim.conf");
    writeFileSync(
      file,
      `primary_hostname = \${run{/usr/bin/touch ${mark}}}\nsmtp_banner = \${readfile{/dev/zero}}\nbegin routers\nr:\n  driver = redirect\n  data = \${run{/usr/bin/touch ${mark}}}\nbegin transports\nt:\n  driver = pipe\n  command = /usr/bin/touch ${mark}\n`,
    );
    for (const args of [["lint", file], ["print", file, "primary_hostname", "smtp_banner"], ["relay", file, ...RELAY]]) expectBounded(runCli(args), args[0]!);
    expect(existsSync(mark)).toBe(false);
  });
});

describe("Postfix lookups that need a server or a program are UNKNOWN, never made", () => {
  it.each<[string, string, string]>([
    ["a tcp: table", "check_client_access tcp:127.0.0.1:9999", "UNKNOWN tcp: tables are looked up in the live system (tcp:127.0.0.1:9999)"],
    ["a mysql: table", "check_client_access mysql:/etc/postfix/mysql-clients.cf", "UNKNOWN mysql: tables are looked up in the live system (mysql:/etc/postfix/mysql-clients.cf)"],
    ["a socketmap: table", "check_recipient_access socketmap:inet:127.0.0.1:9999:name", "UNKNOWN socketmap: tables are looked up in the live system (socketmap:inet:127.0.0.1:9999:name)"],
    ["a proxied mysql: table", "check_client_access proxy:mysql:/etc/postfix/x.cf", "UNKNOWN proxy: tables are looked up in the live system (proxy:mysql:/etc/postfix/x.cf)"],
    ["a policy service", "check_policy_service inet:127.0.0.1:10023", "UNKNOWN the policy service inet:127.0.0.1:10023 decides"],
  ])("%s", (name, restriction, verdict) => {
    const dir = tree({ "main.cf": `myhostname = mx.example.org\ncompatibility_level = 3.6\nsmtpd_relay_restrictions = ${restriction}, reject_unauth_destination\n` });
    const r = runCli(["relay", dir, ...RELAY]);
    expectBounded(r, name);
    expect(r.stdout.split("\n")[0]).toBe(verdict);
  });
});

const eximOracle = oracleStatus("exim");

describe.skipIf(!eximOracle.available)("real Exim: the answer hangs on such an expansion", () => {
  function rcpt(acl: string): string {
    const dir = tempDir();
    // Exim reads as its own user (Debian-exim): the directory and the readable file must be open to it.
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, "readable.txt"), "yes\n", { mode: 0o644 });
    const file = join(dir, "exim.conf");
    writeFileSync(file, HEAD + acl.replaceAll("READABLE", join(dir, "readable.txt")), { mode: 0o644 });
    const r = exim(["-C", file, "-bh", "203.0.113.9"], "EHLO client.example\r\nMAIL FROM:<a@sender.example>\r\nRCPT TO:<user@remote.example>\r\nQUIT\r\n");
    return r.stdout.split("\n").find((l) => /^[245]\d\d /.test(l) && !/^250 (OK|HELP)/.test(l) && !/^2[25]\d /.test(l)) ?? r.stdout;
  }
  it.each<[string, string, string]>([
    ["a set modifier whose file read fails", "  warn set acl_m0 = ${readfile{/nonexistent/mtalint}}\n  deny\n", "451 Temporary local problem - please try later\r"],
    ["the same modifier when the read works", "  warn set acl_m0 = ${readfile{READABLE}}\n  deny\n", "550 Administrative prohibition\r"],
    ["a host list whose expansion fails", "  accept hosts = ${readfile{/nonexistent/mtalint}}\n  accept\n", "451 Temporary local problem - please try later\r"],
    ["a deny message whose expansion fails: only the text changes", "  deny message = ${readfile{/nonexistent/mtalint}}\n", "550 Administrative prohibition\r"],
  ])("%s", (_name, acl, reply) => {
    expect(rcpt(acl)).toBe(reply);
  });
});
