import rule from "../../../rules/postfix/plaintext-auth.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "auth only after TLS", files: { "main.cf": "smtpd_sasl_auth_enable = yes\nsmtpd_tls_auth_only = yes\n" } },
    { name: "submission with encryption required", files: { "main.cf": "myhostname = mx\n", "master.cf": "submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n  -o smtpd_sasl_auth_enable=yes\n" } },
    { name: "smtps wrapper mode", files: { "main.cf": "myhostname = mx\n", "master.cf": "smtps inet n - y - - smtpd\n  -o smtpd_tls_wrappermode=yes\n  -o smtpd_sasl_auth_enable=yes\n" } },
  ],
  invalid: [
    {
      name: "SASL in main.cf with opportunistic TLS",
      files: { "main.cf": "smtpd_sasl_auth_enable = yes\nsmtpd_tls_security_level = may\n" },
      findings: [{ messageId: "plaintext", line: 1, column: 1, endLine: 1, endColumn: 29, message: "smtpd_tls_security_level = may" }],
    },
    {
      name: "submission without TLS requirements",
      files: { "main.cf": "myhostname = mx\n", "master.cf": "submission inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable=yes\n" },
      findings: [{ messageId: "plaintext", line: 2, column: 3, endLine: 2, endColumn: 32, file: "master.cf" }],
    },
  ],
});
