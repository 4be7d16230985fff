import rule from "../../../rules/postfix/missing-permit-sasl-authenticated.js";
import { lintWith, ruleTester } from "../../helpers/rule-tester.js";
import { expect, test } from "vitest";

const base = "myhostname = mx.example.org\nmydestination = $myhostname, localhost\nmynetworks = 127.0.0.0/8\n";

ruleTester(rule, {
  valid: [
    { name: "permit_sasl_authenticated before the relay check", files: { "main.cf": `${base}smtpd_sasl_auth_enable = yes\nsmtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination\n` } },
    { name: "SASL off everywhere: nothing to permit", files: { "main.cf": `${base}smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n` } },
    {
      name: "a correct submission service",
      files: {
        "main.cf": `${base}smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n`,
        "master.cf": "smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable=yes\n  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject\n",
      },
    },
  ],
  invalid: [
    {
      name: "missing from the relay list with SASL on",
      files: { "main.cf": `${base}smtpd_sasl_auth_enable = yes\nsmtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n` },
      findings: [
        {
          messageId: "missing",
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 72,
          message: "smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination",
        },
      ],
    },
    {
      name: "after the reject in the recipient list, relay list empty (level 0)",
      files: { "main.cf": `${base}smtpd_sasl_auth_enable = yes\nsmtpd_recipient_restrictions = permit_mynetworks,\n  reject_unauth_destination, permit_sasl_authenticated\n` },
      findings: [{ messageId: "late", line: 5, column: 1, endLine: 6, endColumn: 55, message: "554 5.7.1 <user@remote.example>: Relay access denied" }],
    },
    {
      name: "SASL enabled on submission, both main.cf lists lack the permit",
      files: {
        "main.cf": `${base}smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\nsmtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination\n`,
        "master.cf": "smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable=yes\n",
      },
      findings: [
        { messageId: "missing", line: 4, column: 1, endLine: 4, endColumn: 72, message: "service submission" },
        { messageId: "missing", line: 5, column: 1, endLine: 5, endColumn: 76 },
      ],
    },
  ],
});

test("the suggested edit is exactly the corrected list", () => {
  const { findings } = lintWith(rule, { "main.cf": `${base}smtpd_sasl_auth_enable = yes\nsmtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n` });
  expect(findings[0]?.fix.edits?.[0]?.text).toBe("permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination");
});
