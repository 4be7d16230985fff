import { defineEximRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import type { EximLintInput } from "../../src/lint-exim.js";
import { eximProbe } from "../../src/relay/exim/probes.js";
import { reproduceCommand } from "../../src/relay/probes.js";

export default defineEximRule<"denied", EximLintInput>({
  meta: {
    id: "exim/missing-authenticated-accept",
    kind: "exim",
    files: ["exim.conf", "exim4.conf.template", "conf.d/*"],
    severity: Severity.Error,
    summary: "Users who log in are still refused relaying: no accept authenticated = * before the relay check",
    messages: {
      denied:
        "an authenticator is offered, but a user who logged in and sends to {to} gets \"{reply}\": the RCPT ACL refuses at this statement before any accept authenticated = *. Reproduce: {command}",
    },
  },
  docs: {
    why: "Exim's equivalent of \"554 Relay access denied\" for users who did log in: the ACL checks the recipient domain before it checks for authentication, so every message to an outside domain is refused although AUTH succeeded.",
    bad: {
      "exim.conf":
        'primary_hostname = mx.example.org\ndomainlist local_domains = @\nacl_smtp_rcpt = acl_check_rcpt\nbegin acl\nacl_check_rcpt:\n  require message = relay not permitted\n          domains = +local_domains\n  accept\nbegin authenticators\nplain:\n  driver = plaintext\n  public_name = PLAIN\n  server_condition = ${if eq{$auth3}{secret}}\n',
    },
    good: {
      "exim.conf":
        'primary_hostname = mx.example.org\ndomainlist local_domains = @\nacl_smtp_rcpt = acl_check_rcpt\nbegin acl\nacl_check_rcpt:\n  accept authenticated = *\n  require message = relay not permitted\n          domains = +local_domains\n  accept\nbegin authenticators\nplain:\n  driver = plaintext\n  public_name = PLAIN\n  server_condition = ${if eq{$auth3}{secret}}\n',
    },
    fix: "Add \"accept authenticated = *\" (with control = submission if you like) before the statement that refuses relaying.",
    related: ["exim/open-relay", "exim/plaintext-auth", "postfix/missing-permit-sasl-authenticated"],
    references: [
      { title: "Exim specification: Access control lists — Using an ACL to control relaying", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-access_control_lists.html#SECTrelaycontrol" },
      { title: "Exim specification: SMTP authentication — Authentication on an Exim server", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-smtp_authentication.html#SECTauthexiser" },
      { title: "Exim specification: Access control lists — ACL conditions", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-access_control_lists.html#SECTaclconditions" },
    ],
  },
  check(ctx) {
    const { scenario, verdict } = eximProbe(ctx.config, "sasl-to-remote");
    if (!verdict.authenticated || (verdict.verdict !== "REJECT" && verdict.verdict !== "DEFER") || !verdict.decidedBy) return;
    ctx.report({
      range: verdict.decidedBy,
      messageId: "denied",
      data: { to: scenario.to, reply: `${verdict.code} ${verdict.text}`, command: reproduceCommand(ctx.config.path, scenario) },
      fix: { description: "Insert \"accept authenticated = *\" before this statement." },
    });
  },
});
