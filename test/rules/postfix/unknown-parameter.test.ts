import rule from "../../../rules/postfix/unknown-parameter.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "built-in parameters", files: { "main.cf": "myhostname = mx.example.org\nmessage_size_limit = 0\n" } },
    {
      name: "a user-defined parameter referenced as $name",
      files: { "main.cf": "my_rbl = zen.spamhaus.org\nsmtpd_client_restrictions = reject_rbl_client $my_rbl\n" },
    },
    {
      name: "a restriction class",
      files: { "main.cf": "smtpd_restriction_classes = strict\nstrict = reject_unknown_client_hostname\n" },
    },
    {
      name: "a per-service parameter of a master.cf transport",
      files: {
        "main.cf": "slow_destination_concurrency_limit = 1\n",
        "master.cf": "slow unix - - n - - smtp\n",
      },
    },
    {
      name: "referenced from a master.cf -o value",
      files: {
        "main.cf": "sub_checks = permit_sasl_authenticated, reject\n",
        "master.cf": "submission inet n - n - - smtpd\n  -o smtpd_client_restrictions=$sub_checks\n",
      },
    },
  ],
  invalid: [
    {
      name: "a misspelt parameter with a suggestion",
      files: { "main.cf": "myhostname = mx.example.org\nmessage_size_limt = 52428800\n" },
      findings: [{ messageId: "unknownSuggest", line: 2, column: 1, endLine: 2, endColumn: 18, message: "did you mean message_size_limit?" }],
    },
    {
      name: "a made-up name with nothing close",
      files: { "main.cf": "frobnicate_the_queue_please = yes\n" },
      findings: [{ messageId: "unknown", line: 1, column: 1, endLine: 1, endColumn: 28 }],
    },
    {
      name: "a per-service name whose service does not exist",
      files: {
        "main.cf": "slow_destination_concurrency_limit = 1\n",
        "master.cf": "smtp inet n - n - - smtpd\n",
      },
      findings: [{ messageId: "unknownSuggest", line: 1, column: 1, endLine: 1, endColumn: 35 }],
    },
  ],
});
