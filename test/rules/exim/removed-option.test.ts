import rule from "../../../rules/exim/removed-option.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "current options", files: { "exim.conf": "primary_hostname = mx.example.org\nlog_selector = +tls_peerdn\n" } },
    { name: "allow_insecure_tainted_data on Exim 4.95", files: { "exim.conf": "allow_insecure_tainted_data = yes\n" }, settings: { eximVersion: "4.95" } },
    { name: "Debian's .ifdef guard skips the line on 4.96", files: { "exim.conf": ".ifdef _OPT_MAIN_ALLOW_INSECURE_TAINTED_DATA\nallow_insecure_tainted_data = yes\n.endif\n" } },
  ],
  invalid: [
    {
      name: "allow_insecure_tainted_data after 4.96",
      files: { "exim.conf": "primary_hostname = mx.example.org\nallow_insecure_tainted_data = yes\n" },
      findings: [{ messageId: "option", line: 2, column: 1, endLine: 2, endColumn: 28, message: "removed in Exim 4.96" }],
    },
    {
      name: "a GnuTLS option removed in 4.88, with its replacement",
      files: { "exim.conf": "gnutls_require_kx = NORMAL\n" },
      settings: { eximVersion: "4.90" },
      findings: [{ messageId: "option", line: 1, column: 1, endLine: 1, endColumn: 18, message: "use tls_require_ciphers" }],
    },
    {
      name: "the taint log selector",
      files: { "exim.conf": "log_selector = +tls_peerdn +taint\n" },
      findings: [{ messageId: "selector", line: 1, column: 28, endLine: 1, endColumn: 34 }],
    },
  ],
});
