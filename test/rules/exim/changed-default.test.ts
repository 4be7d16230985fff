import rule from "../../../rules/exim/changed-default.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const smtp = "primary_hostname = mx.example.org\nbegin transports\nremote_smtp:\n  driver = smtp\n";

ruleTester(rule, {
  valid: [
    { name: "no --from-version: nothing to compare", files: { "exim.conf": smtp } },
    { name: "the options are set explicitly", files: { "exim.conf": "primary_hostname = mx\nrecipients_max = 0\ndnssec_request_domains =\nbegin transports\nremote_smtp:\n  driver = smtp\n  hosts_try_dane =\n  hosts_try_fastopen =\n  hosts_noproxy_tls = *\n" }, settings: { fromVersion: "4.92", eximVersion: "4.96" } },
    { name: "a Postfix --from-version is ignored", files: { "exim.conf": smtp }, settings: { fromVersion: "3.4", eximVersion: "4.96" } },
  ],
  invalid: [
    {
      name: "4.92 to 4.96: recipients_max and three smtp transport defaults changed",
      files: { "exim.conf": smtp },
      settings: { fromVersion: "4.92", eximVersion: "4.96" },
      findings: [
        { messageId: "main", line: 1, column: 1, endLine: 1, endColumn: 34, message: "dnssec_request_domains is not set here, and its default changed in Exim 4.93" },
        { messageId: "main", line: 1, column: 1, endLine: 1, endColumn: 34, message: "recipients_max is not set here, and its default changed in Exim 4.95 from 0 to 50000" },
        { messageId: "transport", line: 3, column: 1, endLine: 3, endColumn: 12, message: "hosts_try_dane" },
        { messageId: "transport", line: 3, column: 1, endLine: 3, endColumn: 12, message: "hosts_try_fastopen" },
        { messageId: "transport", line: 3, column: 1, endLine: 3, endColumn: 12, message: "hosts_noproxy_tls" },
      ],
    },
  ],
});
