import rule from "../../../rules/postfix/undefined-reference.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "built-in references", files: { "main.cf": "myhostname = mx.example.org\nmyorigin = $mydomain\nsmtpd_banner = ${myhostname} ESMTP $(mail_name)\n" } },
    { name: "a defined user parameter", files: { "main.cf": "x = 1\nrelay_domains = $x\n" } },
    { name: "$$ is a literal dollar", files: { "main.cf": "smtpd_banner = cost $$5\n" } },
    {
      name: "run-time macros in raw parameters are not parameters",
      files: { "main.cf": "mailbox_command = /usr/bin/procmail -a \"$EXTENSION\" -d $user\nforward_path = $home/.forward\n" },
    },
    {
      name: "$service_name and same-service overrides in master.cf",
      files: {
        "main.cf": "myhostname = mx.example.org\n",
        "master.cf": "relay unix - - n - - smtp\n  -o syslog_name=postfix/$service_name\n",
      },
    },
  ],
  invalid: [
    {
      name: "a typo in a reference",
      files: { "main.cf": "myhostname = mx.example.org\nsmtpd_banner = $myhostnme ESMTP\n" },
      findings: [{ messageId: "undefinedSuggest", line: 2, column: 16, endLine: 2, endColumn: 26, message: "did you mean $myhostname?" }],
    },
    {
      name: "braced reference on a continuation line",
      files: { "main.cf": "smtpd_recipient_restrictions = permit_mynetworks,\n    check_client_access ${my_access_maps}\n" },
      findings: [{ messageId: "undefined", line: 2, column: 25, endLine: 2, endColumn: 42 }],
    },
    {
      name: "an undefined reference in a master.cf override",
      files: {
        "main.cf": "myhostname = mx.example.org\n",
        "master.cf": "submission inet n - n - - smtpd\n  -o smtpd_client_restrictions=$submission_checks\n",
      },
      findings: [{ messageId: "undefined", line: 2, column: 32, endLine: 2, endColumn: 50, file: "master.cf" }],
    },
  ],
});
