/**
 * The Postfix grammars and AST builders on real config text: every construct
 * of postconf(5)/master(5) with its value and exact ranges, and recovery
 * (one bad line does not hide the rest).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cstDtsFor } from "../../grammars/cst-dts.js";
import { parseMainCf } from "../../src/ast/postfix-main.js";
import { parseMasterCf } from "../../src/ast/postfix-master.js";
import { SourceFile, type Range } from "../../src/ast/range.js";

const main = (text: string) => {
  const src = new SourceFile("main.cf", text);
  return { src, ...parseMainCf(src) };
};
const slice = (src: SourceFile, r: Range) => src.text.slice(r.start, r.end);

describe("main.cf", () => {
  it.each<[string, string, Record<string, string>]>([
    ["name = value with any spacing", "a=1\nb   =   2\nc\t=\t3\t\n", { a: "1", b: "2", c: "3" }],
    ["an empty value", "relayhost =\nrelay_domains=\n", { relayhost: "", relay_domains: "" }],
    ["comment lines, also indented, are skipped", "# x = 1\n   # y = 2\nz = 3\n", { z: "3" }],
    ['"#" after a value is part of the value', "smtpd_banner = $myhostname #1\n", { smtpd_banner: "$myhostname #1" }],
    ["continuation lines keep their indentation, the line break goes", "mydestination = a,\n    b,\n\tc\n", { mydestination: "a,    b,\tc" }],
    ["comment and blank lines inside a continuation", "mynetworks = 127.0.0.0/8\n  # trusted\n\n   \n  192.0.2.0/24\n", { mynetworks: "127.0.0.0/8  192.0.2.0/24" }],
    ["CRLF line ends", "a = 1\r\nb = x,\r\n  y\r\n", { a: "1", b: "x,  y" }],
    ["a final line without newline", "a = 1\nb = 2", { a: "1", b: "2" }],
    ["trailing whitespace is trimmed", "a = 1   \t\n", { a: "1" }],
    ["$name, ${name}, $(name) are kept for the model", "myorigin = $mydomain ${x} $(y)\n", { myorigin: "$mydomain ${x} $(y)" }],
    ["{ } groups", "smtpd_milters = { inet:127.0.0.1:8891, default_action=accept }, unix:/x\n", { smtpd_milters: "{ inet:127.0.0.1:8891, default_action=accept }, unix:/x" }],
    ["= inside a value", "x = a=b\n", { x: "a=b" }],
  ])("%s", (_name, text, expected) => {
    const r = main(text);
    expect(r.diagnostics).toEqual([]);
    expect(Object.fromEntries(r.ast.parameters.map((p) => [p.name, p.value]))).toEqual(expected);
  });

  it("ranges of name, value and each list element", () => {
    const r = main("# c\nsmtpd_relay_restrictions = permit_mynetworks,\n    check_client_access hash:/etc/postfix/x, { reject }\n");
    const p = r.ast.parameters[0]!;
    expect(slice(r.src, p.nameRange)).toBe("smtpd_relay_restrictions");
    expect(r.src.lineColumn(p.nameRange)).toEqual({ line: 2, column: 1, endLine: 2, endColumn: 25 });
    expect(slice(r.src, p.valueRange)).toBe("permit_mynetworks,\n    check_client_access hash:/etc/postfix/x, { reject }");
    expect(p.elements.map((e) => [e.text, e.inner, e.braced, r.src.lineColumn(e.range).line, r.src.lineColumn(e.range).column])).toEqual([
      ["permit_mynetworks", "permit_mynetworks", false, 2, 28],
      ["check_client_access", "check_client_access", false, 3, 5],
      ["hash:/etc/postfix/x", "hash:/etc/postfix/x", false, 3, 25],
      ["{ reject }", "reject", true, 3, 46],
    ]);
    expect(r.ast.comments.map((c) => slice(r.src, c))).toEqual(["# c"]);
  });

  it("a group may span continuation lines", () => {
    const r = main("smtpd_milters = { inet:127.0.0.1:8891,\n    default_action=accept }\n");
    expect(r.ast.parameters[0]!.elements.map((e) => e.text)).toEqual(["{ inet:127.0.0.1:8891,    default_action=accept }"]);
  });

  it("recovery: a bad line is reported and the lines after it still parse", () => {
    const r = main("a = 1\nthis line has no equals\n= orphan value\nb = 2\n  c = 3\n");
    expect(r.ast.parameters.map((p) => p.name)).toEqual(["a", "b"]);
    expect(r.diagnostics.map((d) => [d.detail, d.severity, r.src.positionAt(d.range.start).line])).toEqual([
      ["missing-equals", "error", 2],
      ["missing-name", "error", 3],
    ]);
  });

  it("an indented line with nothing before it is ignored with a warning, with its continuations", () => {
    const r = main("# top\n  x = 1\n    more\ny = 2\n");
    expect(r.ast.parameters.map((p) => p.name)).toEqual(["y"]);
    expect(r.diagnostics.map((d) => [d.detail, d.severity, slice(r.src, d.range)])).toEqual([["orphan-line", "warning", "  x = 1\n    more"]]);
  });
});

describe("master.cf", () => {
  const master = (text: string) => {
    const src = new SourceFile("master.cf", text);
    return { src, ...parseMasterCf(src) };
  };

  it("fields, command, arguments and -o overrides in every form", () => {
    const r = master(
      "# service type private unpriv chroot wakeup maxproc command\nsubmission inet n - y - - smtpd -o syslog_name=postfix/submission\n  # a comment inside the entry\n  -o { smtpd_client_restrictions = permit_sasl_authenticated, reject }\n  -osmtpd_tls_security_level=encrypt\nmaildrop unix - n n - - pipe\n  flags=DRXhu user=vmail argv=/usr/bin/maildrop -d ${recipient}\n",
    );
    expect(r.diagnostics).toEqual([]);
    const [sub, drop] = r.ast.services;
    expect([sub!.name, sub!.serviceType, sub!.private.text, sub!.unpriv.text, sub!.chroot.text, sub!.wakeup.text, sub!.maxproc.text, sub!.command.text]).toEqual([
      "submission", "inet", "n", "-", "y", "-", "-", "smtpd",
    ]);
    expect(sub!.overrides.map((o) => [o.name, o.value, o.braced, slice(r.src, o.nameRange), slice(r.src, o.valueRange)])).toEqual([
      ["syslog_name", "postfix/submission", false, "syslog_name", "postfix/submission"],
      ["smtpd_client_restrictions", "permit_sasl_authenticated, reject", true, "smtpd_client_restrictions", "permit_sasl_authenticated, reject"],
      ["smtpd_tls_security_level", "encrypt", false, "smtpd_tls_security_level", "encrypt"],
    ]);
    expect(drop!.args.map((a) => a.text)).toEqual(["flags=DRXhu", "user=vmail", "argv=/usr/bin/maildrop", "-d", "${recipient}"]);
  });

  it("recovery: a short entry is an error and the next entries still parse; a bad -o is a warning", () => {
    const r = master("smtp inet n - n\nrelay unix - - n - - smtp -o foo\nlocal unix - n n - - local\n");
    expect(r.ast.services.map((s) => s.name)).toEqual(["relay", "local"]);
    expect(r.diagnostics.map((d) => [d.detail, d.severity, r.src.positionAt(d.range.start).line])).toEqual([
      ["field-count", "error", 1],
      ["bad-override", "warning", 2],
    ]);
  });
});

describe("generated CST typings", () => {
  it.each(Object.entries(cstDtsFor()))("grammars/generated/%s.cst.d.ts is up to date (npm run gen:cst-dts)", (name, text) => {
    expect(readFileSync(join(import.meta.dirname, "../../grammars/generated", `${name}.cst.d.ts`), "utf8")).toBe(text);
  });
});
