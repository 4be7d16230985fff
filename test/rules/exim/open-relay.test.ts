import rule from "../../../rules/exim/open-relay.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const head = "primary_hostname = mx.example.org\ndomainlist local_domains = @ : example.org\nhostlist relay_from_hosts = 127.0.0.1\nacl_smtp_rcpt = acl_check_rcpt\nbegin acl\nacl_check_rcpt:\n";

ruleTester(rule, {
  valid: [
    { name: "the usual relay check", files: { "exim.conf": `${head}  accept hosts = +relay_from_hosts\n  accept authenticated = *\n  require message = relay not permitted\n          domains = +local_domains\n  accept\n` } },
    { name: "no acl_smtp_rcpt: every RCPT refused", files: { "exim.conf": "primary_hostname = mx.example.org\n" } },
  ],
  invalid: [
    {
      name: "a bare accept before the relay check",
      files: { "exim.conf": `${head}  accept hosts = +relay_from_hosts\n  accept\n` },
      findings: [{ messageId: "open", line: 8, column: 3, endLine: 8, endColumn: 9 }],
    },
    {
      name: "hosts = * accepts everyone",
      files: { "exim.conf": `${head}  accept hosts = *\n  require domains = +local_domains\n` },
      findings: [{ messageId: "open", line: 7, column: 3, endLine: 7, endColumn: 9 }],
    },
  ],
});
