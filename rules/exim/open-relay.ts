import { defineEximRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import type { EximLintInput } from "../../src/lint-exim.js";
import { eximProbe } from "../../src/relay/exim/probes.js";
import { reproduceCommand } from "../../src/relay/probes.js";

export default defineEximRule<"open", EximLintInput>({
  meta: {
    id: "exim/open-relay",
    kind: "exim",
    files: ["exim.conf", "exim4.conf.template", "conf.d/*"],
    severity: Severity.Error,
    summary: "An outside client that did not log in can relay mail to any domain",
    messages: {
      open: "open relay: a client at {client} that did not log in may send to {to}; the RCPT ACL {acl} accepts it at this statement. Reproduce: {command}",
    },
  },
  docs: {
    why: "An open relay is abused by spammers within hours, and the server's address ends up on blocklists. In Exim this happens when an accept statement in the RCPT ACL matches outside clients before the check that the domain is local or relayed (for example an accept with no condition, or hosts = * ).",
    bad: { "exim.conf": "primary_hostname = mx.example.org\ndomainlist local_domains = @\nacl_smtp_rcpt = acl_check_rcpt\nbegin acl\nacl_check_rcpt:\n  accept\n" },
    good: {
      "exim.conf":
        "primary_hostname = mx.example.org\ndomainlist local_domains = @\nacl_smtp_rcpt = acl_check_rcpt\nbegin acl\nacl_check_rcpt:\n  accept authenticated = *\n  require message = relay not permitted\n          domains = +local_domains\n  accept\n",
    },
    fix: "Before any accept that outside clients can reach, add: require message = relay not permitted / domains = +local_domains : +relay_to_domains.",
    related: ["exim/broad-relay-hosts", "exim/missing-authenticated-accept", "postfix/open-relay"],
    references: [
      { title: "Exim specification: Access control lists — Using an ACL to control relaying", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-access_control_lists.html#SECTrelaycontrol" },
      { title: "Exim specification: Access control lists — Checking a relay configuration", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-access_control_lists.html#SECTcheralcon" },
      { title: "Exim specification: The default configuration file", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-the_default_configuration_file.html" },
    ],
  },
  check(ctx) {
    const { scenario, verdict } = eximProbe(ctx.config, "outside-to-remote", { tls: false });
    if (verdict.verdict !== "ACCEPT" || !verdict.decidedBy) return;
    const acl = verdict.trace.findLast((t) => t.result === "ACCEPT")?.list ?? "acl_smtp_rcpt";
    ctx.report({
      range: verdict.decidedBy,
      messageId: "open",
      data: { client: scenario.client, to: scenario.to, acl, command: reproduceCommand(ctx.config.path, scenario) },
      fix: { description: `Add "require message = relay not permitted\\n  domains = +local_domains : +relay_to_domains" before this statement in ${acl}.` },
    });
  },
});
