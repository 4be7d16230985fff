import rule from "../../../rules/postfix/removed-parameter.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "the replacement parameter", files: { "main.cf": "smtp_connection_reuse_time_limit = 300s\n" } },
    { name: "a Postfix 2.2 target still has smtp_tls_cipherlist", files: { "main.cf": "smtp_tls_cipherlist = HIGH\n" }, settings: { postfixVersion: "2.2" } },
    { name: "a deprecated but present parameter is not removed", files: { "main.cf": "smtpd_use_tls = yes\n" } },
  ],
  invalid: [
    {
      name: "a parameter removed in 2.3, with its replacement",
      files: { "main.cf": "myhostname = mx.example.org\nsmtp_connection_cache_reuse_limit = 10\n" },
      findings: [{ messageId: "removedReplaced", line: 2, column: 1, endLine: 2, endColumn: 34, message: "removed in Postfix 2.3" }],
    },
    {
      name: "a removed parameter as a master.cf override, judged at 3.7",
      files: { "main.cf": "myhostname = mx.example.org\n", "master.cf": "smtp inet n - y - - smtpd\n  -o smtpd_tls_cipherlist=HIGH\n" },
      settings: { postfixVersion: "3.7" },
      findings: [{ messageId: "removedReplaced", file: "master.cf", line: 2, column: 6, endLine: 2, endColumn: 26, message: "target: Postfix 3.7" }],
    },
  ],
});
