import rule from "../../../rules/exim/option-too-new.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "options of the target release", files: { "exim.conf": "primary_hostname = mx.example.org\nhosts_require_helo = *\n" } },
    { name: "the seen condition on 4.96", files: { "exim.conf": "begin acl\nrcpt:\n  deny\n    seen = -5m\n" }, settings: { eximVersion: "4.96" } },
  ],
  invalid: [
    {
      name: "hosts_require_helo on 4.94",
      files: { "exim.conf": "hosts_require_helo = *\n" },
      settings: { eximVersion: "4.94" },
      findings: [{ messageId: "option", line: 1, column: 1, endLine: 1, endColumn: 19, message: "appeared in Exim 4.95" }],
    },
    {
      name: "a Debian config (target 4.96) using a 4.98 option",
      files: { "exim.conf": "exim_user = Debian-exim\nacl_smtp_wellknown = check_wellknown\n" },
      findings: [{ messageId: "option", line: 2, column: 1, endLine: 2, endColumn: 19, message: "implied by the Debian layout" }],
    },
    {
      name: "a driver option and an ACL condition that 4.93 lacks",
      files: { "exim.conf": "begin acl\nrcpt:\n  deny\n    seen = -5m\nbegin transports\nremote:\n  driver = smtp\n  message_linelength_limit = 998\n" },
      settings: { eximVersion: "4.93" },
      findings: [
        { messageId: "condition", line: 4, column: 5, endLine: 4, endColumn: 9 },
        { messageId: "option", line: 8, column: 3, endLine: 8, endColumn: 27 },
      ],
    },
  ],
});
