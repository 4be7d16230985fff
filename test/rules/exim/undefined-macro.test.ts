import rule from "../../../rules/exim/undefined-macro.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "a defined macro", files: { "exim.conf": "MAIN_ACL = acl_check_rcpt\nacl_smtp_rcpt = MAIN_ACL\nbegin acl\nacl_check_rcpt:\n  accept\n" } },
    { name: "header names and plain words are not macros", files: { "exim.conf": "begin acl\na:\n  warn add_header = X-Spam_Score: 1\n  accept message = SMTP AUTH required\n" } },
    { name: ".ifdef of an undefined macro is normal", files: { "exim.conf": ".ifdef CHECK_RCPT_SPF\nprimary_hostname = a\n.endif\nprimary_hostname = mx.example.org\n" } },
  ],
  invalid: [
    {
      name: "an undefined Debian macro in acl_smtp_rcpt",
      files: { "exim.conf": "acl_smtp_rcpt = MAIN_ACL_CHECK_RCPT\n" },
      findings: [{ messageId: "undefined", line: 1, column: 17, endLine: 1, endColumn: 36 }],
    },
    {
      name: "an undefined macro in a named list",
      files: { "exim.conf": "domainlist local_domains = @ : localhost : DC_OTHER_HOSTNAMES\n" },
      findings: [{ messageId: "undefined", line: 1, column: 44, endLine: 1, endColumn: 62 }],
    },
  ],
});
