import rule from "../../../rules/exim/missing-authenticated-accept.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const head = "primary_hostname = mx.example.org\ndomainlist local_domains = @\nacl_smtp_rcpt = acl_check_rcpt\nbegin acl\nacl_check_rcpt:\n";
const auth = "begin authenticators\nplain:\n  driver = plaintext\n  public_name = PLAIN\n  server_condition = ${if eq{$auth3}{secret}}\n";

ruleTester(rule, {
  valid: [
    { name: "accept authenticated first", files: { "exim.conf": `${head}  accept authenticated = *\n  require message = relay not permitted\n          domains = +local_domains\n  accept\n${auth}` } },
    { name: "no authenticator: nobody can log in", files: { "exim.conf": `${head}  require message = relay not permitted\n          domains = +local_domains\n  accept\n` } },
  ],
  invalid: [
    {
      name: "the relay check before accept authenticated",
      files: { "exim.conf": `${head}  require message = relay not permitted\n          domains = +local_domains\n  accept authenticated = *\n${auth}` },
      findings: [{ messageId: "denied", line: 6, column: 3, endLine: 6, endColumn: 10, message: "550 relay not permitted" }],
    },
  ],
});
