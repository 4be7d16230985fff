import rule from "../../../rules/exim/syntax.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "a small valid configuration", files: { "exim.conf": "primary_hostname = mx.example.org\nacl_smtp_rcpt = acl_check_rcpt\nbegin acl\nacl_check_rcpt:\n  accept hosts = :\n  deny message = relay not permitted\n" } },
  ],
  invalid: [
    {
      name: "a misspelt ACL verb",
      files: { "exim.conf": "begin acl\nacl_check_rcpt:\n  acept hosts = :\n" },
      findings: [{ messageId: "syntax", line: 3, column: 3, endLine: 3, endColumn: 8, severity: "error", message: "unknown ACL verb" }],
    },
    {
      name: "an unbalanced .endif",
      files: { "exim.conf": "primary_hostname = mx.example.org\n.endif\n" },
      findings: [{ messageId: "syntax", line: 2, column: 1, endLine: 2, endColumn: 7, severity: "error" }],
    },
  ],
});
