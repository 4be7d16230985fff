import rule from "../../../rules/postfix/syntax.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "comments, blank lines and continuations", files: { "main.cf": "# c\n\nmydestination = a,\n  # inside\n  b\n" } },
    { name: "a master.cf entry continued with -o lines", files: { "master.cf": "smtp inet n - n - - smtpd\n  -o smtpd_sasl_auth_enable=yes\n" } },
  ],
  invalid: [
    {
      name: "a line without =",
      files: { "main.cf": "myhostname = mx.example.org\nmydomain example.org\n" },
      findings: [{ messageId: "syntax", line: 2, column: 1, endLine: 2, endColumn: 21, severity: "error", message: 'missing "=" after parameter name "mydomain"' }],
    },
    {
      name: "a line starting with =",
      files: { "main.cf": "= example.org\n" },
      findings: [{ messageId: "syntax", line: 1, column: 1, endLine: 1, endColumn: 14, severity: "error" }],
    },
    {
      name: "an indented first line is ignored by Postfix",
      files: { "main.cf": "  relayhost = [smtp.example.net]\nmyhostname = mx\n" },
      findings: [{ messageId: "syntax", line: 1, column: 1, endLine: 1, endColumn: 33, severity: "warning" }],
    },
    {
      name: "a master.cf entry with too few fields",
      files: { "master.cf": "smtp inet n - n - - smtpd\nrelay unix - - n\n" },
      findings: [{ messageId: "syntax", line: 2, column: 1, endLine: 2, endColumn: 17, severity: "error", file: "master.cf" }],
    },
    {
      name: "an -o without name=value",
      files: { "master.cf": "relay unix - - n - - smtp -o foo\n" },
      findings: [{ messageId: "syntax", line: 1, column: 27, endLine: 1, endColumn: 33, severity: "warning", file: "master.cf" }],
    },
  ],
});
