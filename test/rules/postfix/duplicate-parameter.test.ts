import rule from "../../../rules/postfix/duplicate-parameter.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "distinct parameters", files: { "main.cf": "myhostname = mx.example.org\nmydomain = example.org\n" } },
    {
      name: "a master.cf -o override is not a duplicate",
      files: {
        "main.cf": "smtpd_tls_security_level = may\n",
        "master.cf": "submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n",
      },
    },
    { name: "a commented-out earlier value", files: { "main.cf": "#relayhost = [old.example.net]\nrelayhost = [smtp.example.net]\n" } },
  ],
  invalid: [
    {
      name: "the later line wins",
      files: { "main.cf": "mynetworks = 127.0.0.0/8\nmynetworks = 127.0.0.0/8 [::1]/128\n" },
      findings: [{ messageId: "duplicate", line: 1, column: 1, endLine: 1, endColumn: 11, message: "set again on line 2" }],
    },
    {
      name: "three assignments, two overridden, across a continuation",
      files: { "main.cf": "relayhost = a\nmyhostname = mx\nrelayhost =\n    b\nrelayhost = c\n" },
      findings: [
        { messageId: "duplicate", line: 1, column: 1, endLine: 1, endColumn: 10, message: "line 5" },
        { messageId: "duplicate", line: 3, column: 1, endLine: 3, endColumn: 10, message: "line 5" },
      ],
    },
  ],
});
