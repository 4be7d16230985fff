import rule from "../../../rules/exim/undefined-named-list.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    {
      name: "defined lists of the right type",
      files: { "exim.conf": "domainlist local_domains = @\nhostlist relay_from_hosts = 127.0.0.1\nbegin acl\nacl_check_rcpt:\n  accept hosts = +relay_from_hosts\n  accept domains = +local_domains\n" },
    },
    { name: "a list in an expansion is not checked", files: { "exim.conf": "begin acl\na:\n  accept domains = ${if true{+x}}\n" } },
    {
      name: "host list settings are not lists (+include_unknown, +ignore_unknown, +include_defer, +ignore_defer)",
      files: {
        "exim.conf":
          "hostlist relay_from_hosts = +ignore_unknown : +ignore_defer : 127.0.0.1 : mail.example.org\nbegin acl\nacl_check_rcpt:\n  accept hosts = +include_unknown : +include_defer : +relay_from_hosts\n",
      },
    },
  ],
  invalid: [
    {
      name: "a host list setting's name in a domain list is a list name there",
      files: { "exim.conf": "begin acl\nacl_check_rcpt:\n  accept domains = +ignore_unknown\n" },
      findings: [{ messageId: "undefined", line: 3, column: 20, endLine: 3, endColumn: 35, message: "domainlist" }],
    },
    {
      name: "a misspelt list in an ACL",
      files: { "exim.conf": "domainlist local_domains = @\nbegin acl\nacl_check_rcpt:\n  accept domains = +local_domain\n" },
      findings: [{ messageId: "undefined", line: 4, column: 20, endLine: 4, endColumn: 33 }],
    },
    {
      name: "a hostlist used as a domain list, negated, in a router",
      files: { "exim.conf": "hostlist relay_from_hosts = 127.0.0.1\nbegin routers\ndnslookup:\n  driver = dnslookup\n  domains = ! +relay_from_hosts\n  transport = t\n" },
      findings: [{ messageId: "undefined", line: 5, column: 15, endLine: 5, endColumn: 32, message: "domainlist" }],
    },
  ],
});
