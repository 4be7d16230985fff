import rule from "../../../rules/postfix/removed-restriction.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "current restrictions", files: { "main.cf": "smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination\n" } },
    { name: "a restriction name used as a table argument is not a restriction", files: { "main.cf": "smtpd_client_restrictions = reject_rbl_client zen.spamhaus.org\n" } },
  ],
  invalid: [
    {
      name: "check_relay_domains on Postfix 3.9",
      files: { "main.cf": "smtpd_recipient_restrictions = permit_mynetworks, check_relay_domains\n" },
      settings: { postfixVersion: "3.9" },
      findings: [{ messageId: "removed", line: 1, column: 51, endLine: 1, endColumn: 70, message: "451 4.3.5" }],
    },
    {
      name: "check_relay_domains is only deprecated on Postfix 3.7",
      files: { "main.cf": "smtpd_recipient_restrictions = permit_mynetworks, check_relay_domains\n" },
      settings: { postfixVersion: "3.7" },
      findings: [{ messageId: "deprecated", line: 1, column: 51, endLine: 1, endColumn: 70, severity: "warning" }],
    },
    {
      name: "reject_maps_rbl inside a restriction class and permit_naked_ip_address in an override",
      files: {
        "main.cf": "smtpd_restriction_classes = rbl\nrbl = reject_maps_rbl\n",
        "master.cf": "smtp inet n - y - - smtpd\n  -o smtpd_helo_restrictions=permit_naked_ip_address\n",
      },
      findings: [
        { messageId: "removed", line: 2, column: 7, endLine: 2, endColumn: 22 },
        { messageId: "removed", file: "master.cf", line: 2, column: 3, endLine: 2, endColumn: 53 },
      ],
    },
    {
      name: "through $name, in main.cf and in an override",
      files: {
        "main.cf": "rcpt_checks = permit_mynetworks, check_relay_domains\nsmtpd_recipient_restrictions = $rcpt_checks\nmua_client_restrictions = permit_sasl_authenticated, reject_maps_rbl\n",
        "master.cf": "submission inet n - y - - smtpd\n  -o smtpd_client_restrictions=$mua_client_restrictions\n",
      },
      settings: { postfixVersion: "3.9" },
      findings: [
        { messageId: "removed", line: 1, column: 34, endLine: 1, endColumn: 53 },
        { messageId: "removed", line: 3, column: 54, endLine: 3, endColumn: 69 },
      ],
    },
    {
      name: "permit_mx_backup is deprecated from 3.9",
      files: { "main.cf": "smtpd_recipient_restrictions = permit_mx_backup, reject_unauth_destination\n" },
      findings: [{ messageId: "deprecated", line: 1, column: 32, endLine: 1, endColumn: 48 }],
    },
  ],
});
