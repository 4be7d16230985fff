import rule from "../../../rules/exim/duplicate-option.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "each option once", files: { "exim.conf": "primary_hostname = mx.example.org\nmessage_size_limit = 50M\n" } },
    { name: "the same option name on two drivers", files: { "exim.conf": "begin transports\na:\n  driver = smtp\n  port = 25\nb:\n  driver = smtp\n  port = 587\n" } },
  ],
  invalid: [
    {
      name: "a main option set twice",
      files: { "exim.conf": "primary_hostname = mx.example.org\nmessage_size_limit = 50M\nmessage_size_limit = 100M\n" },
      findings: [{ messageId: "duplicate", line: 3, column: 1, endLine: 3, endColumn: 19, message: "set for the second time" }],
    },
  ],
});
