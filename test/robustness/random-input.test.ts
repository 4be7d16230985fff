/**
 * Whatever text a file holds, parsing, the models, every rule and the relay
 * simulators answer with diagnostics and findings, never an exception.
 * Inputs are generated from config-like fragments with a fixed seed, so a
 * failure is reproducible.
 */
import { describe, expect, it } from "vitest";
import { rules } from "../../rules/index.js";
import { simulateEximRelay } from "../../src/relay/exim/simulate.js";
import { probe } from "../../src/relay/probes.js";
import { lintWith } from "../helpers/rule-tester.js";
import { parseExim } from "../../src/exim/api.js";
import { parseMainCf } from "../../src/ast/postfix-main.js";
import { parseMasterCf } from "../../src/ast/postfix-master.js";
import { SourceFile } from "../../src/ast/range.js";
import { buildPostfixConfig } from "../../src/model/postfix/config.js";
import { simulatePostfixRelay } from "../../src/relay/postfix/simulate.js";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const POSTFIX_BITS = [
  "myhostname = mx.example.org", "mynetworks = 127.0.0.0/8 [::1]/128 0.0.0.0/0", "smtpd_relay_restrictions =", "permit_mynetworks,",
  "reject_unauth_destination", "  continued", "# comment", "", "=", "{ a = b }", "${x?{y}:{z}}", "$(", "${", "}", "-o x=y", "-o",
  "smtp inet n - y - - smtpd", "submission inet n - n - - smtpd", "check_sender_access inline:{ a = OK }", "\t", "\r", "compatibility_level = 3.6",
  "smtpd_sasl_auth_enable = yes", "smtpd_restriction_classes = c", "c = $c", "a = $b", "b = $a", "relay_domains = $mydestination", "x",
];
const EXIM_BITS = [
  "primary_hostname = mx.example.org", "begin acl", "begin routers", "begin transports", "begin authenticators", "acl_check_rcpt:", "  accept",
  "  deny message = no", "  require domains = +local_domains", "  accept hosts = : ", "domainlist local_domains = @", "acl_smtp_rcpt = acl_check_rcpt",
  "MAC = value", "MAC == other", ".ifdef MAC", ".endif", ".else", ".include /etc/passwd", "\\", "  condition = ${if eq{$a}{b}}", "${run{x}}",
  "r:", "  driver = dnslookup", "  driver = smtp", "t:", "plain:", "  driver = plaintext", "  server_condition = yes", "#", "", "no_foo", "hide x = y",
];

function randomText(r: () => number, bits: string[]): string {
  const lines: string[] = [];
  const n = 1 + Math.floor(r() * 25);
  for (let i = 0; i < n; i++) {
    let line = "";
    const parts = 1 + Math.floor(r() * 3);
    for (let j = 0; j < parts; j++) line += (j ? " " : "") + bits[Math.floor(r() * bits.length)]!;
    lines.push(r() < 0.2 ? `  ${line}` : line);
  }
  return lines.join(r() < 0.1 ? "\r\n" : "\n") + (r() < 0.5 ? "\n" : "");
}

const postfixRules = Object.values(rules).filter((x) => x.meta.kind === "postfix");
const eximRules = Object.values(rules).filter((x) => x.meta.kind === "exim");

describe("random config-like input never throws", () => {
  it("Postfix: grammar, model, every rule and the relay simulator (300 inputs)", () => {
    const r = rng(20261125);
    for (let i = 0; i < 300; i++) {
      const main = randomText(r, POSTFIX_BITS);
      const master = randomText(r, POSTFIX_BITS);
      try {
        const m = parseMainCf(new SourceFile("/r/main.cf", main));
        const s = parseMasterCf(new SourceFile("/r/master.cf", master));
        const config = buildPostfixConfig("/r", m.ast, s.ast, [...m.diagnostics, ...s.diagnostics]);
        for (const name of ["outside-to-remote", "sasl-to-remote"] as const) simulatePostfixRelay(config, probe(name, "example.org"));
        for (const rule of postfixRules) lintWith(rule, { "main.cf": main, "master.cf": master });
      } catch (e) {
        expect.fail(`input ${i} threw ${(e as Error).stack}\n--- main.cf ---\n${main}\n--- master.cf ---\n${master}`);
      }
    }
  });

  it("Exim: preprocessor, grammar, model, every rule and the relay simulator (300 inputs)", () => {
    const r = rng(4096);
    for (let i = 0; i < 300; i++) {
      const text = randomText(r, EXIM_BITS);
      try {
        const loaded = parseExim(text, { path: "/etc/exim4/exim4.conf" });
        for (const name of ["outside-to-remote", "sasl-to-remote"] as const) simulateEximRelay(loaded.config, probe(name, "localhost"));
        for (const rule of eximRules) lintWith(rule, { "exim.conf": text });
      } catch (e) {
        expect.fail(`input ${i} threw ${(e as Error).stack}\n--- exim.conf ---\n${text}`);
      }
    }
  });
});
