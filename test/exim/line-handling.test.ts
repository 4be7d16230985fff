/**
 * Exim's line layer: comments, continuations, macros, -D, conditionals.
 * Each case states what `exim -bP` prints; mtalint must print the same, and
 * where the real Exim is available it is asked too, so the expectations
 * themselves are checked against Exim 4.96.
 */
import { describe, expect, test } from "vitest";
import { parseExim } from "../../src/exim/api.js";
import { eximOptionValue } from "../../src/model/exim/print.js";
import { oracleStatus } from "../helpers/oracles.js";
import { describeDiagnostics, errors, eximCheck, eximPrint, lineOf, writeConfig } from "./helpers.js";

interface PrintCase {
  name: string;
  config: string;
  defines?: Record<string, string>;
  /** Lines exim -bP prints for these options. */
  prints: string[];
}

const printCases: PrintCase[] = [
  {
    name: "a comment after leading white space is a comment; # later in a line is text",
    config: "  # indented comment\nsmtp_banner = ok # not a comment\n",
    prints: ["smtp_banner = ok # not a comment"],
  },
  {
    name: "a continuation keeps the space before the backslash and drops the next line's indent",
    config: "log_selector = +tls_peerdn \\\n      +smtp_confirmation\n",
    prints: ["log_selector = +tls_peerdn +smtp_confirmation"],
  },
  {
    name: "a continuation without a space joins words",
    config: "keep_environment = A\\\nB\n",
    prints: ["keep_environment = AB"],
  },
  {
    name: "white space after the backslash still continues",
    config: "keep_environment = A \\   \n  B\n",
    prints: ["keep_environment = A B"],
  },
  {
    name: "a comment line inside a continuation is skipped, the continuation goes on",
    config: "trusted_users = mail:\\\n   # ignored\n   daemon\n",
    prints: ["trusted_users = mail:daemon"],
  },
  {
    name: "a comment after a continuation lets it swallow the next option line",
    config: "helo_accept_junk_hosts = foo \\\n# comment\ndaemon_smtp_ports = 25\n",
    prints: ["helo_accept_junk_hosts = foo daemon_smtp_ports = 25", "daemon_smtp_ports = smtp"],
  },
  {
    name: "a blank line ends a continuation",
    config: "smtp_banner = a \\\n\nkeep_environment = B\n",
    prints: ["smtp_banner = a", "keep_environment = B"],
  },
  {
    name: "quoted strings take escapes; a continuation inside quotes joins",
    config: 'smtp_banner = "a\\tb \\x41\\101 \\\\ \\" c\\\n    d"\n',
    prints: ['smtp_banner = a\\tb AA \\ " cd'],
  },
  {
    name: "non-printing and non-ASCII bytes print as octal escapes",
    config: 'smtp_banner = "caf\u00e9 \\033\\177\\r\\f\\b\\v"\n',
    prints: ["smtp_banner = caf\\303\\251 \\033\\177\\r\\f\\b\\v"],
  },
  {
    name: "print_topbitchars prints UTF-8 as it is",
    config: "print_topbitchars\nsmtp_banner = caf\u00e9\n",
    prints: ["smtp_banner = caf\u00e9"],
  },
  {
    name: "macros are replaced anywhere, even inside words",
    config: "AB = x\nsmtp_banner = XAB ABC AB_ _AB\n",
    prints: ["smtp_banner = Xx xC x_ _x"],
  },
  {
    name: "a later macro is applied to an earlier macro's replacement",
    config: "ABC = y\nAB = x\nsmtp_banner = ABC AB\n",
    prints: ["smtp_banner = y x"],
  },
  {
    name: "== redefines and can use the old value",
    config: "MAC = one\nMAC == MAC two\nsmtp_banner = MAC\n",
    prints: ["smtp_banner = one two"],
  },
  {
    name: "a -D definition wins over = and == in the file",
    config: "AB = x\nAB == y\nsmtp_banner = AB\n",
    defines: { AB: "z" },
    prints: ["smtp_banner = z"],
  },
  {
    name: "a line that is only an empty macro is dropped",
    config: "EMPTY =\nEMPTY\nsmtp_banner = EMPTY x\n",
    prints: ["smtp_banner = x"],
  },
  {
    name: "macros may have lower case letters after the first",
    config: "Ab_c = hi\nsmtp_banner = Ab_c\n",
    prints: ["smtp_banner = hi"],
  },
  {
    name: ".ifdef on a builtin _HAVE_ macro",
    config: ".ifdef _HAVE_TLS\nsmtp_banner = tls\n.else\nsmtp_banner = notls\n.endif\n",
    prints: ["smtp_banner = tls"],
  },
  {
    name: "nested conditionals with .elifdef and indented directives",
    config: "A1 = 1\n.ifndef A1\nsmtp_banner = a\n  .elifdef B2\nsmtp_banner = b\n.else\n  .ifdef A1\nsmtp_banner = c\n  .else\nsmtp_banner = d\n  .endif\n.endif\n",
    prints: ["smtp_banner = c"],
  },
  {
    name: ".ifdef is true when any macro on the line is defined",
    config: "B2 = 1\n.ifdef A1 B2\nsmtp_banner = yes\n.endif\n",
    prints: ["smtp_banner = yes"],
  },
  {
    name: "-D makes .ifdef true",
    config: ".ifdef USE_TLS\ntls_advertise_hosts = *\n.else\ntls_advertise_hosts =\n.endif\n",
    defines: { USE_TLS: "1" },
    prints: ["tls_advertise_hosts = *"],
  },
  {
    name: "no_ and not_ turn booleans off; = yes/false work too",
    config: "no_accept_8bitmime\nnot_allow_mx_to_ip\nqueue_only = yes\nsyslog_pid = false\n",
    prints: ["no_accept_8bitmime", "no_allow_mx_to_ip", "queue_only", "no_syslog_pid"],
  },
  {
    name: "hexadecimal and octal integers",
    config: "smtp_accept_max = 0x20\nsmtp_accept_reserve = 010\n",
    prints: ["smtp_accept_max = 32", "smtp_accept_reserve = 8"],
  },
  {
    name: "integers, sizes, times and fixed point print as Exim normalises them",
    config:
      "bounce_return_size_limit = 102400\ncheck_spool_space = 20480K\nqueue_only_load = 8\nsmtp_load_reserve = 0.5\n" +
      "auto_thaw = 90m\ntimeout_frozen_after = 7d\nignore_bounce_errors_after = 36h\ndelay_warning = 90m:6h : 1d\n",
    prints: [
      "bounce_return_size_limit = 100K",
      "check_spool_space = 20M",
      "queue_only_load = 8.0",
      "smtp_load_reserve = 0.5",
      "auto_thaw = 1h30m",
      "timeout_frozen_after = 1w",
      "ignore_bounce_errors_after = 1d12h",
      "delay_warning = 1h30m:6h:1d",
    ],
  },
  {
    name: "user lists print joined by colons; hide still prints the value to root",
    config: "never_users = root :  daemon\nadmin_groups =\nhide tls_privatekey = /etc/secret.key\n",
    prints: ["never_users = root:daemon", "admin_groups =", "tls_privatekey = /etc/secret.key"],
  },
];

const st = oracleStatus("exim");

describe("line handling prints what exim -bP prints", () => {
  test.each(printCases)("$name", ({ config, defines, prints }) => {
    const r = parseExim(config, { defines: defines ?? {} });
    expect(errors(r), describeDiagnostics(r)).toEqual([]);
    const names = prints.map((l) => l.replace(/^no_/, "").split(" =")[0]!);
    expect(names.map((n) => eximOptionValue(r.config, n)?.line)).toEqual(prints);
  });

  describe.skipIf(!st.available)("and so does the real Exim", () => {
    test.each(printCases)("$name", ({ config, defines, prints }) => {
      const file = writeConfig(config);
      expect(eximCheck(file, defines)).toMatchObject({ ok: true });
      const names = prints.map((l) => l.replace(/^no_/, "").split(" =")[0]!);
      expect(eximPrint(file, names, defines)).toEqual(prints);
    });
  });
});

interface ErrorCase {
  name: string;
  config: string;
  code: string;
  line: number;
}

const errorCases: ErrorCase[] = [
  { name: "macro defined twice with =", config: "AB = x\nAB = y\n", code: "exim/macro-redefinition", line: 2 },
  { name: "== of an undefined macro", config: "AB == y\n", code: "exim/macro-redefinition", line: 1 },
  { name: "a new macro containing an earlier one", config: "AB = x\nABC = y\n", code: "exim/macro-substring", line: 2 },
  { name: ".endif without .ifdef", config: "smtp_banner = a\n.endif\n", code: "exim/unbalanced-directive", line: 2 },
  { name: ".else without .ifdef", config: ".else\n", code: "exim/unbalanced-directive", line: 1 },
  { name: ".ifdef never closed (reported at the last line, as Exim does)", config: "smtp_banner = a\n.ifdef FOO\nsmtp_banner = b\n", code: "exim/unbalanced-directive", line: 3 },
  { name: "an option set twice (Exim refuses, it does not keep the last)", config: "smtp_accept_max = 10\nsmtp_accept_max = 20\n", code: "exim/option-set-twice", line: 2 },
  { name: "a boolean set twice in different forms", config: "no_queue_only\nqueue_only\n", code: "exim/option-set-twice", line: 2 },
  { name: "an upper-case line that is not a macro definition", config: "Foo bar\n", code: "exim/syntax", line: 1 },
];

describe("line-level errors", () => {
  test.each(errorCases)("$name", ({ config, code, line }) => {
    const r = parseExim(config);
    const errs = errors(r);
    expect(errs.map((d) => [d.code, lineOf(r, d)])).toContainEqual([code, line]);
  });

  describe.skipIf(!st.available)("are errors for the real Exim too", () => {
    test.each(errorCases)("$name", ({ config }) => {
      expect(eximCheck(writeConfig(config)).ok).toBe(false);
    });
  });
});

describe("source ranges through macros", () => {
  test("a value that came from a macro points at the macro name and says so", () => {
    const text = "MY_HOSTS = 192.0.2.1\nhostlist relay_from_hosts = MY_HOSTS\n";
    const r = parseExim(text);
    const list = r.config.namedLists[0]!;
    expect(list.value).toBe("192.0.2.1");
    expect(text.slice(list.valueRange.start, list.valueRange.end)).toBe("MY_HOSTS");
    expect(list.via?.[0]).toMatch(/^macro MY_HOSTS \(\/virtual\/exim.conf:1\)$/);
  });

  test("a continued value spans both physical lines", () => {
    const text = "log_selector = +a \\\n   +b\n";
    const r = parseExim(text);
    const o = r.config.mainOptions[0]!;
    expect(text.slice(o.valueRange!.start, o.valueRange!.end)).toBe("+a \\\n   +b");
  });

  test("macro definitions are in the AST with name and value ranges", () => {
    const text = "LOCAL_DELIVERY = mail_spool\nLOCAL_DELIVERY == maildir_home\n";
    const r = parseExim(text, { defines: {} });
    expect(r.config.macros.map((m) => [m.name, m.value, m.redefinition, text.slice(m.valueRange.start, m.valueRange.end)])).toEqual([
      ["LOCAL_DELIVERY", "mail_spool", false, "mail_spool"],
      ["LOCAL_DELIVERY", "maildir_home", true, "maildir_home"],
    ]);
  });

  test("file definitions of a -D macro are marked as overridden", () => {
    const r = parseExim("AB = x\n", { defines: { AB: "z" } });
    expect(r.config.macros[0]!.overriddenByDefine).toBe(true);
  });
});
