import rule from "../../../rules/postfix/broad-mynetworks.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "loopback and a host", files: { "main.cf": "mynetworks = 127.0.0.0/8 [::1]/128 192.0.2.10/32\n" } },
    { name: "private networks", files: { "main.cf": "mynetworks = 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, [fd00::]/8\n" } },
    { name: "unset with host style (compatibility level 2)", files: { "main.cf": "compatibility_level = 2\n" } },
  ],
  invalid: [
    {
      name: "the whole IPv4 Internet",
      files: { "main.cf": "mynetworks = 127.0.0.0/8, 0.0.0.0/0\n" },
      findings: [{ messageId: "broad", line: 1, column: 27, endLine: 1, endColumn: 36, severity: "error", message: "4,256,038,912 public addresses" }],
    },
    {
      name: "a public /16 on a continuation line",
      files: { "main.cf": "mynetworks = 127.0.0.0/8\n    198.51.0.0/16\n" },
      findings: [{ messageId: "broad", line: 2, column: 5, endLine: 2, endColumn: 18, severity: "warning", message: "65536 public addresses" }],
    },
    {
      name: "class style without mynetworks",
      files: { "main.cf": "mynetworks_style = class\n" },
      findings: [{ messageId: "style", line: 1, column: 1, endLine: 1, endColumn: 25, severity: "error" }],
    },
  ],
});
