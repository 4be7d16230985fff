import rule from "../../../rules/exim/include-problem.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "an optional include that is absent", files: { "exim.conf": "primary_hostname = mx.example.org\n.include_if_exists /etc/exim4/mtalint-test-local.conf\n" } },
  ],
  invalid: [
    {
      name: "a missing include",
      files: { "exim.conf": "primary_hostname = mx.example.org\n.include /etc/exim4/mtalint-test-local.conf\n" },
      findings: [{ messageId: "include", line: 2, column: 1, endLine: 2, endColumn: 44, severity: "error", message: "failed to open included configuration file" }],
    },
    {
      name: "an include outside the configuration directory",
      files: { "exim.conf": "primary_hostname = mx.example.org\n.include /etc/passwd\n" },
      findings: [{ messageId: "include", line: 2, column: 1, endLine: 2, endColumn: 21, severity: "warning", message: "outside the configuration root" }],
    },
  ],
});
