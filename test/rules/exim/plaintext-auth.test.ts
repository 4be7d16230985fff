import rule from "../../../rules/exim/plaintext-auth.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const plain = "begin authenticators\nplain:\n  driver = plaintext\n  public_name = PLAIN\n  server_condition = ${if eq{$auth3}{secret}}\n";

ruleTester(rule, {
  valid: [
    { name: "advertised only with TLS", files: { "exim.conf": `primary_hostname = mx\n${plain}  server_advertise_condition = \${if def:tls_in_cipher}\n` } },
    { name: "AUTH advertised to nobody", files: { "exim.conf": `primary_hostname = mx\nauth_advertise_hosts =\n${plain}` } },
  ],
  invalid: [
    {
      name: "a PLAIN authenticator advertised everywhere",
      files: { "exim.conf": `primary_hostname = mx\n${plain}` },
      findings: [{ messageId: "plaintext", line: 3, column: 1, endLine: 3, endColumn: 6 }],
    },
  ],
});
