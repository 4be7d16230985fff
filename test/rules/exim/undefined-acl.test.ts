import rule from "../../../rules/exim/undefined-acl.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const acl = "begin acl\nacl_check_rcpt:\n  accept\n";

ruleTester(rule, {
  valid: [
    { name: "a defined ACL", files: { "exim.conf": `acl_smtp_rcpt = acl_check_rcpt\n${acl}` } },
    { name: "an expansion is not checked", files: { "exim.conf": `acl_smtp_rcpt = \${if eq{$interface_port}{587}{acl_check_rcpt}{acl_check_rcpt}}\n${acl}` } },
    { name: "a nested acl = call to a defined ACL", files: { "exim.conf": `acl_smtp_rcpt = acl_check_rcpt\nbegin acl\nacl_check_rcpt:\n  accept acl = other\nother:\n  accept\n` } },
  ],
  invalid: [
    {
      name: "a misspelt ACL name in acl_smtp_rcpt",
      files: { "exim.conf": "acl_smtp_rcpt = acl_check_rcpt\nbegin acl\nacl_check_rcp:\n  accept\n" },
      findings: [{ messageId: "option", line: 1, column: 17, endLine: 1, endColumn: 31, message: "Exim answers every RCPT" }],
    },
    {
      name: "an acl = condition calling nothing",
      files: { "exim.conf": `acl_smtp_rcpt = acl_check_rcpt\nbegin acl\nacl_check_rcpt:\n  deny acl = local_deny\n  accept\n` },
      findings: [{ messageId: "condition", line: 4, column: 14, endLine: 4, endColumn: 24 }],
    },
  ],
});
