import rule from "../../../rules/postfix/master-unknown-override.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const main = "myhostname = mx.example.org\n";

ruleTester(rule, {
  valid: [
    { name: "built-in overrides", files: { "main.cf": main, "master.cf": "submission inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable=yes\n  -o { smtpd_client_restrictions = permit_sasl_authenticated, reject }\n" } },
    {
      name: "an override that main.cf refers to",
      files: { "main.cf": "smtpd_client_restrictions = $extra_checks\n", "master.cf": "smtp inet n - n - - smtpd\n  -o extra_checks=permit\n" },
    },
  ],
  invalid: [
    {
      name: "a misspelt override on submission",
      files: { "main.cf": main, "master.cf": "submission inet n - y - - smtpd\n  -o smtpd_sasl_auth_enabled=yes\n" },
      findings: [{ messageId: "unknownSuggest", line: 2, column: 6, endLine: 2, endColumn: 29, message: "did you mean smtpd_sasl_auth_enable?" }],
    },
    {
      name: "an override in braces nobody uses",
      files: { "main.cf": main, "master.cf": "smtp inet n - n - - smtpd -o { zz_custom_thing = 1 }\n" },
      findings: [{ messageId: "unknown", line: 1, column: 32, endLine: 1, endColumn: 47 }],
    },
  ],
});
