import rule from "../../../rules/exim/unknown-option.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "known main options and no_ forms", files: { "exim.conf": "primary_hostname = mx.example.org\nno_message_logs\nmessage_size_limit = 50M\n" } },
    {
      name: "known driver options",
      files: { "exim.conf": "begin routers\ndnslookup:\n  driver = dnslookup\n  domains = ! +local_domains\n  transport = remote_smtp\n  no_more\n" },
    },
  ],
  invalid: [
    {
      name: "a misspelt main option",
      files: { "exim.conf": "primary_hostname = mx.example.org\nmessage_size_limt = 50M\n" },
      findings: [{ messageId: "suggestMain", line: 2, column: 1, endLine: 2, endColumn: 18, message: "did you mean message_size_limit?" }],
    },
    {
      name: "an option of another driver on a router",
      files: { "exim.conf": "begin routers\ndnslookup:\n  driver = dnslookup\n  transport = remote_smtp\n  hosts_require_tls = *\n" },
      findings: [{ messageId: "unknownDriver", line: 5, column: 3, endLine: 5, endColumn: 20 }],
    },
  ],
});
