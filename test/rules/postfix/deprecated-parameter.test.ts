import { expect, test } from "vitest";
import rule from "../../../rules/postfix/deprecated-parameter.js";
import { lintWith, ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "the replacement is used", files: { "main.cf": "smtpd_tls_security_level = may\n" } },
    { name: "Postfix 3.7 does not deprecate smtpd_use_tls yet", files: { "main.cf": "smtpd_use_tls = yes\n" }, settings: { postfixVersion: "3.7" } },
    { name: "compatibility_level 3.6 implies Postfix 3.6", files: { "main.cf": "compatibility_level = 3.6\nsmtpd_use_tls = yes\n" } },
    { name: "fallback_relay is only deprecated from 3.11", files: { "main.cf": "fallback_relay = [backup.example.org]\n" }, settings: { postfixVersion: "3.10" } },
  ],
  invalid: [
    {
      name: "smtpd_use_tls = yes maps to smtpd_tls_security_level = may",
      files: { "main.cf": "smtpd_use_tls = yes\n" },
      findings: [{ messageId: "deprecated", line: 1, column: 1, endLine: 1, endColumn: 14, message: 'use "smtpd_tls_security_level = may" instead' }],
    },
    {
      name: "smtp_enforce_tls = yes maps to encrypt",
      files: { "main.cf": "smtp_enforce_tls = yes\n" },
      settings: { postfixVersion: "3.9" },
      findings: [{ messageId: "deprecated", line: 1, column: 1, endLine: 1, endColumn: 17, message: 'use "smtp_tls_security_level = encrypt" instead' }],
    },
    {
      name: "a renamed parameter keeps its value",
      files: { "main.cf": "fallback_relay = [backup.example.org]\n" },
      findings: [{ messageId: "deprecated", line: 1, column: 1, endLine: 1, endColumn: 15, message: 'use "smtp_fallback_relay = [backup.example.org]" instead' }],
    },
    {
      name: "the replacement is already set",
      files: { "main.cf": "smtpd_use_tls = yes\nsmtpd_tls_security_level = encrypt\n" },
      findings: [{ messageId: "deprecated", line: 1, column: 1, endLine: 1, endColumn: 14, message: "already set" }],
    },
  ],
});

test("the fix replaces the whole line with the computed setting", () => {
  const { findings } = lintWith(rule, { "main.cf": "myhostname = mx.example.org\ndisable_dns_lookups = yes\n" });
  expect(findings[0]!.fix.edits).toEqual([{ range: { file: "/virtual/postfix/main.cf", start: 28, end: 53 }, text: "smtp_dns_support_level = disabled" }]);
});
