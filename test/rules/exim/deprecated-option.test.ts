import rule from "../../../rules/exim/deprecated-option.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "the ACL replacement", files: { "exim.conf": "acl_smtp_helo = check_helo\nbegin acl\ncheck_helo:\n  deny\n    !verify = helo\n  accept\n" } },
    { name: "gnutls_require_kx is removed, not deprecated, on 4.96", files: { "exim.conf": "gnutls_require_kx = NORMAL\n" }, settings: { eximVersion: "4.96" } },
  ],
  invalid: [
    {
      name: "helo_verify_hosts",
      files: { "exim.conf": "primary_hostname = mx.example.org\nhelo_verify_hosts = *\n" },
      findings: [{ messageId: "deprecated", line: 2, column: 1, endLine: 2, endColumn: 18, message: "use verify = helo" }],
    },
    {
      name: "a renamed option",
      files: { "exim.conf": "return_size_limit = 100K\n" },
      findings: [{ messageId: "deprecated", line: 1, column: 1, endLine: 1, endColumn: 18, message: "use bounce_return_size_limit" }],
    },
    {
      name: "gnutls_require_mac was ignored from 4.80 and removed in 4.88",
      files: { "exim.conf": "gnutls_require_mac = SHA1\n" },
      settings: { eximVersion: "4.84" },
      findings: [{ messageId: "deprecated", line: 1, column: 1, endLine: 1, endColumn: 19, message: "and removed in 4.88" }],
    },
  ],
});
