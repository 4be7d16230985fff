import rule from "../../../rules/postfix/compat-level-drift.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const decided = "myhostname = mx.example.org\nmydestination = $myhostname, localhost\nmynetworks = 127.0.0.0/8\n";

ruleTester(rule, {
  valid: [
    { name: "the level of the target release", files: { "main.cf": `compatibility_level = 3.11\n${decided}` } },
    { name: "level 3.6 on Postfix 3.7", files: { "main.cf": `compatibility_level = 3.6\n${decided}` }, settings: { postfixVersion: "3.7" } },
    { name: "Postfix 2.x has no compatibility levels", files: { "main.cf": decided }, settings: { postfixVersion: "2.11" } },
    {
      name: "nothing changed between 3.6 and 3.7 for an explicit configuration",
      files: { "main.cf": `compatibility_level = 3.6\n${decided}smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n` },
      settings: { postfixVersion: "3.7", fromVersion: "3.6" },
    },
  ],
  invalid: [
    {
      name: "no level and an explicit relay policy: the pending defaults are listed",
      files: { "main.cf": `${decided}mynetworks_style = host\nsmtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\nrelay_domains =\n` },
      settings: { postfixVersion: "3.7" },
      findings: [{ messageId: "pending", line: 1, column: 1, endLine: 1, endColumn: 11, message: "compatibility_level 0 is below 3.6" }],
    },
    {
      name: "level 1: subdomains of mydestination are relayed only through the old relay_domains default",
      files: { "main.cf": `compatibility_level = 1\n${decided}` },
      settings: { postfixVersion: "3.7" },
      findings: [
        { messageId: "relied", line: 1, column: 1, endLine: 1, endColumn: 20, message: "user@sub.mx.example.org: ACCEPT becomes DEFER 454" },
        { messageId: "pending", line: 1, column: 1, endLine: 1, endColumn: 20, message: "mynetworks_style subnet → host (level 2)" },
      ],
    },
    {
      name: "no relay restriction anywhere: smtpd only starts because of the old empty default",
      files: { "main.cf": decided },
      settings: { postfixVersion: "3.7" },
      findings: [
        { messageId: "relied", line: 1, column: 1, endLine: 1, endColumn: 11, severity: "error", message: "FATAL becomes DEFER 454" },
        { messageId: "pending", line: 1, column: 1, endLine: 1, endColumn: 11 },
      ],
    },
    {
      name: "permit_mynetworks with no mynetworks relies on mynetworks_style = subnet",
      files: { "main.cf": "compatibility_level = 1\nmyhostname = mx.example.org\nsmtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\nrelay_domains =\n" },
      settings: { postfixVersion: "3.7" },
      findings: [
        { messageId: "relied", line: 1, column: 1, endLine: 1, endColumn: 20, message: "old default mynetworks_style = subnet" },
        { messageId: "pending", line: 1, column: 1, endLine: 1, endColumn: 20 },
      ],
    },
    {
      name: "upgrading from 2.9 to 3.7 drops the default recipient restrictions",
      files: { "main.cf": `compatibility_level = 3.6\n${decided}` },
      settings: { postfixVersion: "3.7", fromVersion: "2.9" },
      findings: [{ messageId: "changedUnder", line: 1, column: 1, endLine: 1, endColumn: 20, severity: "error", message: "smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination → (empty)" }],
    },
  ],
});
