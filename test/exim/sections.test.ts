/** Sections of an Exim configuration and the AST built for each. */
import { describe, expect, test } from "vitest";
import { parseExim } from "../../src/exim/api.js";
import { printAcl } from "../../src/model/exim/print.js";
import { SourceFile } from "../../src/ast/range.js";
import { oracleStatus } from "../helpers/oracles.js";
import { describeDiagnostics, errors, eximCheck, writeConfig } from "./helpers.js";

const st = oracleStatus("exim");

const slice = (text: string, r: { start: number; end: number } | undefined) => (r ? text.slice(r.start, r.end) : undefined);

const config = `# main section
domainlist local_domains = @ : localhost
domainlist_cache virtual_domains = lsearch;/etc/virtual
hostlist relay_from_hosts = <; 127.0.0.1 ; ::1
addresslist blocked = a@example.org
localpartlist_cache staff = alice : bob
hide tls_privatekey = /etc/secret.key
acl_smtp_rcpt = acl_check_rcpt
no_accept_8bitmime

begin acl

acl_check_rcpt:
  accept  hosts = :
  accept  authenticated = *
          control = submission
  require verify = sender
  deny    !authenticated = *
          !hosts = +relay_from_hosts
          message = relay not permitted
  accept

begin routers

dnslookup:
  driver = dnslookup
  domains = ! +local_domains
  transport = remote_smtp
  no_more

begin transports

remote_smtp:
  driver = smtp
  hide tls_privatekey = /etc/client.key

begin retry

*   *   F,2h,15m; G,16h,1h,1.5; F,4d,6h

begin rewrite

*@+local_domains  "\${lookup{$local_part}lsearch{/etc/email-addresses}{$value}fail}"  Ffrs

begin authenticators

plain:
  driver = plaintext
  public_name = PLAIN
  server_prompts = :
  server_condition = \${if eq{$auth3}{secret}}
`;

describe("a configuration with every section", () => {
  const r = parseExim(config);

  test("has no errors", () => {
    expect(errors(r), describeDiagnostics(r)).toEqual([]);
  });

  test("sections are recorded in order", () => {
    expect(r.config.sections.map((s) => s.name)).toEqual(["acl", "routers", "transports", "retry", "rewrite", "authenticators"]);
  });

  test("named lists, with _cache and ranges", () => {
    expect(r.config.namedLists.map((l) => [l.listType, l.cache, l.name, l.value])).toEqual([
      ["domainlist", false, "local_domains", "@ : localhost"],
      ["domainlist", true, "virtual_domains", "lsearch;/etc/virtual"],
      ["hostlist", false, "relay_from_hosts", "<; 127.0.0.1 ; ::1"],
      ["addresslist", false, "blocked", "a@example.org"],
      ["localpartlist", true, "staff", "alice : bob"],
    ]);
    const l = r.config.namedLists[2]!;
    expect(slice(config, l.nameRange)).toBe("relay_from_hosts");
    expect(slice(config, l.valueRange)).toBe("<; 127.0.0.1 ; ::1");
  });

  test("main options: hide and no_ forms", () => {
    const [hidden, acl, bool] = r.config.mainOptions;
    expect([hidden!.name, hidden!.hidden, hidden!.value]).toEqual(["tls_privatekey", true, "/etc/secret.key"]);
    expect(slice(config, hidden!.range)).toBe("hide tls_privatekey = /etc/secret.key");
    expect(slice(config, acl!.valueRange)).toBe("acl_check_rcpt");
    expect([bool!.name, bool!.rawName, bool!.negated, bool!.value]).toEqual(["accept_8bitmime", "no_accept_8bitmime", true, undefined]);
  });

  test("ACL statements with verbs, conditions, modifiers and negation", () => {
    const acl = r.config.acls[0]!;
    expect(acl.name).toBe("acl_check_rcpt");
    expect(acl.statements.map((s) => [s.verb, s.conditions.map((c) => `${c.negated ? "!" : ""}${c.name}=${c.value}`)])).toEqual([
      ["accept", ["hosts=:"]],
      ["accept", ["authenticated=*", "control=submission"]],
      ["require", ["verify=sender"]],
      ["deny", ["!authenticated=*", "!hosts=+relay_from_hosts", "message=relay not permitted"]],
      ["accept", []],
    ]);
    const deny = acl.statements[3]!;
    expect(slice(config, deny.verbRange)).toBe("deny");
    expect(slice(config, deny.conditions[1]!.range)).toBe("!hosts = +relay_from_hosts");
    expect(slice(config, deny.conditions[1]!.nameRange)).toBe("hosts");
    expect(slice(config, deny.range)).toMatch(/^deny {4}!authenticated = \*\n[^]*message = relay not permitted$/);
  });

  test("printAcl gives one statement per line", () => {
    expect(printAcl(r.config.acls[0]!)).toBe(
      "acl_check_rcpt:\n" +
        "  accept hosts = :\n" +
        "  accept authenticated = * | control = submission\n" +
        "  require verify = sender\n" +
        "  deny !authenticated = * | !hosts = +relay_from_hosts | message = relay not permitted\n" +
        "  accept\n",
    );
  });

  test("routers, transports, authenticators with driver and options", () => {
    expect(r.config.routers.map((d) => [d.name, d.driver, d.options.map((o) => o.rawName)])).toEqual([
      ["dnslookup", "dnslookup", ["driver", "domains", "transport", "no_more"]],
    ]);
    expect(r.config.transports[0]!.options[1]!).toMatchObject({ name: "tls_privatekey", hidden: true });
    expect(r.config.authenticators.map((d) => [d.name, d.driver])).toEqual([["plain", "plaintext"]]);
    expect(slice(config, r.config.routers[0]!.nameRange)).toBe("dnslookup");
  });

  test("retry and rewrite rules split into fields", () => {
    expect(r.config.retryRules[0]!.fields.map((f) => f.text)).toEqual(["*", "*", "F,2h,15m;", "G,16h,1h,1.5;", "F,4d,6h"]);
    const rw = r.config.rewriteRules[0]!;
    expect(rw.fields.map((f) => f.text)).toEqual(["*@+local_domains", '"${lookup{$local_part}lsearch{/etc/email-addresses}{$value}fail}"', "Ffrs"]);
    expect(slice(config, rw.fields[2]!.range)).toBe("Ffrs");
  });
});

interface BadCase {
  name: string;
  config: string;
  code: string;
  line: number;
}

const bad: BadCase[] = [
  { name: "unknown main option", config: "no_such_option = 1\n", code: "exim/unknown-option", line: 1 },
  { name: "main option not in this build", config: "mysql_servers = x\n", code: "exim/unknown-option", line: 1 },
  { name: "no_ on a string option", config: "no_smtp_banner\n", code: "exim/syntax", line: 1 },
  { name: "string option without =", config: "acl_smtp_rcpt\n", code: "exim/syntax", line: 1 },
  { name: "bad boolean value", config: "accept_8bitmime = maybe\n", code: "exim/invalid-value", line: 1 },
  { name: "unknown section", config: "begin foo\n", code: "exim/syntax", line: 1 },
  { name: "repeated section", config: "begin acl\nbegin acl\n", code: "exim/syntax", line: 2 },
  { name: "unknown ACL verb", config: "begin acl\na:\n  allow hosts = *\n", code: "exim/unknown-acl-verb", line: 3 },
  { name: "unknown ACL condition", config: "begin acl\na:\n  accept frobnicate = 1\n", code: "exim/unknown-acl-condition", line: 3 },
  { name: "ACL condition without =", config: "begin acl\na:\n  accept\n  !hosts\n", code: "exim/syntax", line: 4 },
  { name: "two ACLs with one name", config: "begin acl\na:\n  accept\na:\n  accept\n", code: "exim/duplicate-acl", line: 4 },
  { name: "router without driver", config: "begin routers\nr:\n  domains = x\n", code: "exim/missing-driver", line: 2 },
  { name: "unknown driver", config: "begin routers\nr:\n  driver = nosuch\n", code: "exim/unknown-driver", line: 3 },
  { name: "unknown router option", config: "begin routers\nr:\n  driver = accept\n  foo = 1\n", code: "exim/unknown-option", line: 4 },
  { name: "driver option of another driver", config: "begin routers\nr:\n  driver = accept\n  route_list = * x\n", code: "exim/unknown-option", line: 4 },
  { name: "text after a driver name", config: "begin routers\nr: driver = accept\n", code: "exim/syntax", line: 2 },
  { name: "duplicate named list", config: "domainlist a = x\ndomainlist a = y\n", code: "exim/duplicate-named-list", line: 2 },
];

describe("configuration errors Exim reports when reading", () => {
  test.each(bad)("$name", ({ config: text, code, line }) => {
    const r = parseExim(text);
    const errs = errors(r).map((d) => [d.code, r.files[0]!.positionAt(d.range.start).line]);
    expect(errs, describeDiagnostics(r)).toContainEqual([code, line]);
  });

  describe.skipIf(!st.available)("the real Exim rejects each too (on that line, where it names one)", () => {
    test.each(bad)("$name", ({ config: text, line }) => {
      const v = eximCheck(writeConfig(text));
      expect(v.ok).toBe(false);
      if (v.line !== undefined) expect(v.line).toBe(line);
    });
  });
});

describe.skipIf(!st.available)("the sample with every section is valid for the real Exim", () => {
  test("exim -bV", () => {
    expect(eximCheck(writeConfig(config.replace("acl_smtp_rcpt = acl_check_rcpt\n", "acl_smtp_rcpt = acl_check_rcpt\n")))).toMatchObject({ ok: true });
  });
});

describe("recovery: one bad line does not hide the rest", () => {
  test("every bad line is reported and the good ones are kept", () => {
    const text = "smtp_banner = ok\n= orphan value\nqueue_only\nfoo bar baz\nbegin acl\nchk:\n  accept hosts = :\n  @@@ nonsense\n  deny message = x\nbegin routers\nr: junk\nr2:\n  driver = accept\n";
    const r = parseExim(text);
    const lines = errors(r).map((d) => r.files[0]!.positionAt(d.range.start).line);
    expect(lines).toEqual(expect.arrayContaining([2, 4, 8, 11]));
    expect(r.config.mainOptions.map((o) => o.name)).toEqual(["smtp_banner", "queue_only"]);
    expect(r.config.acls[0]!.statements.map((s) => s.verb)).toEqual(["accept", "deny"]);
    expect(r.config.routers.map((d) => d.name)).toEqual(["r2"]);
  });

  test("every syntax error has code exim/syntax and a range inside its line", () => {
    const text = "smtp_banner = ok\nfoo bar baz\n";
    const r = parseExim(text);
    const d = errors(r)[0]!;
    expect(d.code).toBe("exim/syntax");
    expect(text.slice(d.range.start, d.range.end)).toBe("bar");
  });

  test("garbage never throws", () => {
    for (const text of ["\\", "=\n=\n", "begin\n", ":\n", "!\n", "begin acl\n:\n!\n=\n", ".include\n", "\u0001\u0002\n", "A\\\n"]) {
      expect(() => parseExim(text)).not.toThrow();
    }
  });
});

describe("details Exim 4.96 showed", () => {
  test("`set` takes a variable name; its value is the text after =", () => {
    const r = parseExim("begin acl\nchk:\n  warn set acl_m_spam = ${if eq{1}{1}{yes}}\n       set acl_c0 = x\n  accept\n");
    expect(errors(r), describeDiagnostics(r)).toEqual([]);
    expect(r.config.acls[0]!.statements[0]!.conditions.map((c) => [c.name, c.variable, c.value])).toEqual([
      ["set", "acl_m_spam", "${if eq{1}{1}{yes}}"],
      ["set", "acl_c0", "x"],
    ]);
  });

  test("an upper-case name followed by a colon names an authenticator, not a macro", () => {
    const r = parseExim("begin authenticators\nPLAIN:\n  driver = plaintext\n  server_prompts = :\n");
    expect(errors(r), describeDiagnostics(r)).toEqual([]);
    expect(r.config.authenticators.map((d) => d.name)).toEqual(["PLAIN"]);
  });

  test("a macro between drivers is fine; inside a driver it ends the driver", () => {
    const ok = parseExim("begin routers\nRR = :blackhole:\nr:\n  driver = redirect\n  data = RR\n");
    expect(errors(ok)).toEqual([]);
    expect(ok.config.routers[0]!.options[1]!.value).toBe(":blackhole:");
    const bad = parseExim("begin routers\nr:\n  driver = redirect\nMAC = x\n  data = MAC\n");
    expect(errors(bad).map((d) => [d.code, bad.files[0]!.positionAt(d.range.start).line])).toContainEqual(["exim/syntax", 5]);
  });

  test("section names ignore case and a trailing s", () => {
    const r = parseExim("begin ACLs\nchk:\n  accept\nbegin router\nr:\n  driver = redirect\n  data = :blackhole:\n");
    expect(errors(r), describeDiagnostics(r)).toEqual([]);
    expect(r.config.sections.map((s) => s.name)).toEqual(["acl", "routers"]);
  });

  test("a diagnostic inside an included file says how it got there", () => {
    const files: Record<string, string> = { "/v/inc.conf": "bogus_option = 1\n" };
    const r = parseExim("smtp_banner = a\n.include inc.conf\n", {
      path: "/v/exim.conf",
      readFile: (p) => {
        const text = files[p];
        if (text === undefined) throw new Error(`no ${p}`);
        return new SourceFile(p, text);
      },
    });
    const d = errors(r)[0]!;
    expect([d.code, d.range.file, d.via]).toEqual(["exim/unknown-option", "/v/inc.conf", ["included from /v/exim.conf:2"]]);
  });
});

describe.skipIf(!st.available)("the real Exim accepts the details above", () => {
  test.each([
    "begin acl\nchk:\n  warn set acl_m_spam = ${if eq{1}{1}{yes}}\n       set acl_c0 = x\n  accept\n",
    "begin authenticators\nPLAIN:\n  driver = plaintext\n  server_prompts = :\n",
    "begin routers\nRR = :blackhole:\nr:\n  driver = redirect\n  data = RR\n",
    "begin ACLs\nchk:\n  accept\nbegin router\nr:\n  driver = redirect\n  data = :blackhole:\n",
  ])("%s", (text) => {
    expect(eximCheck(writeConfig(text))).toMatchObject({ ok: true });
  });

  test("and rejects a macro inside a driver", () => {
    expect(eximCheck(writeConfig("begin routers\nr:\n  driver = redirect\nMAC = x\n  data = MAC\n")).ok).toBe(false);
  });
});
