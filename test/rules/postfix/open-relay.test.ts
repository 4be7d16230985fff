import rule from "../../../rules/postfix/open-relay.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const base = "myhostname = mx.example.org\nmydestination = $myhostname, localhost\n";

ruleTester(rule, {
  valid: [
    { name: "the default relay restrictions at compatibility level 2", files: { "main.cf": `${base}compatibility_level = 2\nmynetworks = 127.0.0.0/8\n` } },
    {
      name: "a sender allowlist after reject_unauth_destination",
      files: { "main.cf": `${base}mynetworks = 127.0.0.0/8\nsmtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination, check_sender_access inline:{example.com=OK}\n` },
    },
  ],
  invalid: [
    {
      name: "mynetworks covering the Internet",
      files: { "main.cf": `${base}mynetworks = 0.0.0.0/0\nsmtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n` },
      findings: [{ messageId: "open", line: 4, column: 28, endLine: 4, endColumn: 45, message: "allowed by permit_mynetworks in smtpd_relay_restrictions" }],
    },
    {
      name: "a forged trusted sender relays (check_sender_access OK before the relay check)",
      files: {
        "main.cf": `${base}mynetworks = 127.0.0.0/8\nsmtpd_relay_restrictions = permit_mynetworks,\n    check_sender_access inline:{sender.example=OK}, reject_unauth_destination\n`,
      },
      findings: [{ messageId: "open", line: 5, column: 5, endLine: 5, endColumn: 24, message: "check_sender_access inline:{sender.example=OK}" }],
    },
    {
      name: "an open submission service while smtp is safe",
      files: {
        "main.cf": `${base}mynetworks = 127.0.0.0/8\nsmtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n`,
        "master.cf": "smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n  -o mynetworks=0.0.0.0/0\n",
      },
      findings: [{ messageId: "open", line: 4, column: 28, endLine: 4, endColumn: 45, file: "main.cf", message: "service submission" }],
    },
  ],
});
