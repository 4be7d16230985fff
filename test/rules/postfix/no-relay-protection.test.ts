import rule from "../../../rules/postfix/no-relay-protection.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "default relay restrictions", files: { "main.cf": "myhostname = mx.example.org\ncompatibility_level = 3.6\n" } },
    { name: "the guard in the recipient list only", files: { "main.cf": "myhostname = mx\nsmtpd_relay_restrictions =\nsmtpd_recipient_restrictions = permit_sasl_authenticated, reject_unauth_destination\n" } },
    {
      name: "Postfix 2.11 still has the non-empty default relay list (no compatibility_level then)",
      files: { "main.cf": "myhostname = mx\nsmtpd_recipient_restrictions = permit_mynetworks\n" },
      settings: { postfixVersion: "2.11" },
    },
    { name: "a plain reject counts as a guard", files: { "main.cf": "myhostname = mx\nsmtpd_relay_restrictions = permit_mynetworks, reject\n" } },
  ],
  invalid: [
    {
      name: "a help article's recipient list pasted after an upgrade emptied the relay list",
      files: { "main.cf": "myhostname = mx.example.org\nsmtpd_relay_restrictions =\nsmtpd_recipient_restrictions = permit_sasl_authenticated\n" },
      findings: [{ messageId: "fatal", line: 2, column: 1, endLine: 2, endColumn: 27, message: "smtpd exits at start" }],
    },
    {
      name: "a guard written after permit does not count",
      files: { "main.cf": "myhostname = mx\nsmtpd_relay_restrictions = permit_mynetworks, permit, reject_unauth_destination\n" },
      findings: [{ messageId: "fatal", line: 2, column: 1, endLine: 2, endColumn: 80 }],
    },
    {
      name: "compatibility level 0 with no relay list and an empty recipient list",
      files: { "main.cf": "myhostname = mx\nsmtpd_recipient_restrictions = permit_mynetworks\n" },
      findings: [{ messageId: "fatal", line: 2, column: 1, endLine: 2, endColumn: 49 }],
    },
  ],
});
