import rule from "../../../rules/postfix/parameter-too-new.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "the target has the parameter", files: { "main.cf": "compatibility_level = 3.6\nrespectful_logging = yes\n" } },
    { name: "smtpd_forbid_bare_newline was backported to 3.7", files: { "main.cf": "smtpd_forbid_bare_newline = yes\n" }, settings: { postfixVersion: "3.7" } },
    { name: "a parameter postconf(5) does not date", files: { "main.cf": "myhostname = mx.example.org\n" }, settings: { postfixVersion: "2.0" } },
  ],
  invalid: [
    {
      name: "smtpd_relay_restrictions on Postfix 2.9",
      files: { "main.cf": "smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n" },
      settings: { postfixVersion: "2.9" },
      findings: [{ messageId: "tooNew", line: 1, column: 1, endLine: 1, endColumn: 25, message: "appeared in Postfix 2.10" }],
    },
    {
      name: "compatibility_level 2 implies Postfix 3.0, older than respectful_logging",
      files: { "main.cf": "compatibility_level = 2\nrespectful_logging = yes\n" },
      findings: [{ messageId: "tooNew", line: 2, column: 1, endLine: 2, endColumn: 19, message: "target: Postfix 3.0, implied by compatibility_level = 2" }],
    },
    {
      name: "a 3.11 parameter on Postfix 3.7",
      files: { "main.cf": "default_cache_db_type = lmdb\n" },
      settings: { postfixVersion: "3.7" },
      findings: [{ messageId: "tooNew", line: 1, column: 1, endLine: 1, endColumn: 22 }],
    },
  ],
});
