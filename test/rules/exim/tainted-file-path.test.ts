import rule from "../../../rules/exim/tainted-file-path.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "de-tainted local part", files: { "exim.conf": "begin transports\nmail_spool:\n  driver = appendfile\n  file = /var/mail/$local_part_data\n" } },
    { name: "Exim 4.93 did not enforce taint", files: { "exim.conf": "begin transports\nmail_spool:\n  driver = appendfile\n  file = /var/mail/$local_part\n" }, settings: { eximVersion: "4.93" } },
    { name: "a lookup result is not tainted", files: { "exim.conf": "begin transports\nmail_spool:\n  driver = appendfile\n  file = ${lookup{$local_part}lsearch{/etc/exim4/mailboxes}}\n" } },
    { name: "debug_print is not a file name", files: { "exim.conf": "begin transports\nmail_spool:\n  driver = appendfile\n  debug_print = T: $local_part\n  file = /var/mail/x\n" } },
  ],
  invalid: [
    {
      name: "the pre-4.94 Debian mail_spool transport",
      files: { "exim.conf": "begin transports\nmail_spool:\n  driver = appendfile\n  file = /var/mail/$local_part\n" },
      findings: [{ messageId: "taintedDetaint", line: 4, column: 20, endLine: 4, endColumn: 31, message: "use $local_part_data" }],
    },
    {
      name: "a pipe command and a maildir directory",
      files: { "exim.conf": "begin transports\nprocmail:\n  driver = pipe\n  command = /usr/bin/procmail -d ${local_part}\nmaildir:\n  driver = appendfile\n  directory = /srv/mail/$domain/$sender_address/Maildir\n" },
      findings: [
        { messageId: "taintedDetaint", line: 4, column: 34, endLine: 4, endColumn: 47 },
        { messageId: "taintedDetaint", line: 7, column: 25, endLine: 7, endColumn: 32 },
        { messageId: "tainted", line: 7, column: 33, endLine: 7, endColumn: 48 },
      ],
    },
  ],
});
