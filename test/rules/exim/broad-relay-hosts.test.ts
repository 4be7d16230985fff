import rule from "../../../rules/exim/broad-relay-hosts.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "loopback and one host", files: { "exim.conf": "hostlist relay_from_hosts = <; 127.0.0.1 ; ::1 ; 192.0.2.10\n" } },
    { name: "a private network", files: { "exim.conf": "hostlist relay_from_hosts = 127.0.0.1 : 192.168.0.0/16\n" } },
  ],
  invalid: [
    {
      name: "the whole Internet",
      files: { "exim.conf": "hostlist relay_from_hosts = <; 127.0.0.1 ; 0.0.0.0/0\n" },
      findings: [{ messageId: "broad", line: 1, column: 44, endLine: 1, endColumn: 53, severity: "error" }],
    },
    {
      name: "a wildcard",
      files: { "exim.conf": "hostlist relay_from_hosts = 127.0.0.1 : *\n" },
      findings: [{ messageId: "wildcard", line: 1, column: 41, endLine: 1, endColumn: 42, severity: "error" }],
    },
  ],
});
