import rule from "../../../rules/postfix/sasl-not-enabled.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    {
      name: "TLS-only AUTH with TLS required",
      files: { "main.cf": "myhostname = mx\n", "master.cf": "submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n  -o smtpd_sasl_auth_enable=yes\n  -o smtpd_tls_auth_only=yes\n" },
    },
    {
      name: "the shared default list with SASL on submission",
      files: { "main.cf": "myhostname = mx\nsmtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination\n", "master.cf": "smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable=yes\n" },
    },
    { name: "no permit_sasl_authenticated anywhere", files: { "main.cf": "myhostname = mx\nsmtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n" } },
  ],
  invalid: [
    {
      name: "TLS-only AUTH on a service without TLS",
      files: { "main.cf": "myhostname = mx\n", "master.cf": "submission inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable=yes\n  -o smtpd_tls_auth_only=yes\n" },
      findings: [{ messageId: "tlsOff", line: 3, column: 3, endLine: 3, endColumn: 29, file: "master.cf", message: "smtpd_tls_security_level = none" }],
    },
    {
      name: "SASL off on every service",
      files: { "main.cf": "myhostname = mx\nsmtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination\n" },
      findings: [{ messageId: "nowhere", line: 2, column: 47, endLine: 2, endColumn: 72 }],
    },
    {
      name: "a submission list that relies on SASL without enabling it",
      files: { "main.cf": "myhostname = mx\nsmtpd_sasl_auth_enable = no\n", "master.cf": "smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject\n" },
      findings: [{ messageId: "service", line: 3, column: 3, endLine: 3, endColumn: 63, file: "master.cf" }],
    },
  ],
});
