import rule from "../../../rules/postfix/unreachable-restriction.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "a well-ordered relay list", files: { "main.cf": "smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination\n" } },
    { name: "recipient checks after the relay check are fine", files: { "main.cf": "smtpd_recipient_restrictions = reject_unauth_destination, reject_unlisted_recipient, check_recipient_access hash:/etc/postfix/rcpt\n" } },
  ],
  invalid: [
    {
      name: "permit_sasl_authenticated after reject_unauth_destination",
      files: { "main.cf": "smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination, permit_sasl_authenticated\n" },
      findings: [{ messageId: "afterUnauth", line: 1, column: 74, endLine: 1, endColumn: 99 }],
    },
    {
      name: "anything after reject",
      files: { "main.cf": "smtpd_client_restrictions = permit_mynetworks, reject, check_client_access hash:/etc/postfix/ok\n" },
      findings: [{ messageId: "afterFinal", line: 1, column: 56, endLine: 1, endColumn: 75, message: "check_client_access in smtpd_client_restrictions is never evaluated" }],
    },
  ],
});
