import { definePostfixRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import { remoteProbe, reproduceCommand } from "../../src/relay/probes.js";
import { atTargetRelease, relayVerdict, smtpdServices } from "../../src/relay/postfix/services.js";

export default definePostfixRule({
  meta: {
    id: "postfix/open-relay",
    kind: "postfix",
    files: ["main.cf", "master.cf"],
    severity: Severity.Error,
    summary: "An outside, unauthenticated client can relay mail to any domain",
    messages: {
      open: "open relay on service {service}: a client at {client} that did not log in may send to {to}; {path}. Reproduce: {command}",
      openUnless: "open relay on service {service}: a client at {client} that did not log in may send to {to} unless {unless}; {path}. Reproduce: {command}",
    },
  },
  docs: {
    why: "An open relay is found by spammers within hours; the server's address lands on blocklists and all of its legitimate mail starts bouncing. Postfix relays whenever every restriction list ends in permit for a remote recipient.",
    bad: {
      "main.cf": "myhostname = mx.example.org\nmydestination = $myhostname, localhost\nmynetworks = 0.0.0.0/0\nsmtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n",
    },
    good: {
      "main.cf": "myhostname = mx.example.org\nmydestination = $myhostname, localhost\nmynetworks = 127.0.0.0/8\nsmtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n",
    },
    fix: "Trust only your own networks in mynetworks, put permit rules for senders/clients after reject_unauth_destination or in the recipient list, and end smtpd_relay_restrictions with reject_unauth_destination.",
    related: ["postfix/broad-mynetworks", "postfix/no-relay-protection", "postfix/unreachable-restriction", "exim/open-relay"],
    references: [
      { title: "SMTPD_ACCESS_README: Relay control, junk mail control, and per-user policies", url: "https://www.postfix.org/SMTPD_ACCESS_README.html#relay" },
      { title: "postconf(5): smtpd_relay_restrictions", url: "https://www.postfix.org/postconf.5.html#smtpd_relay_restrictions" },
      { title: "postconf(5): reject_unauth_destination", url: "https://www.postfix.org/postconf.5.html#reject_unauth_destination" },
      { title: "postconf(5): mynetworks", url: "https://www.postfix.org/postconf.5.html#mynetworks" },
    ],
  },
  check(ctx) {
    const config = atTargetRelease(ctx.config, ctx.settings);
    for (const svc of smtpdServices(config)) {
      const scenario = remoteProbe("outside-to-remote", svc.service ? svc.name : undefined);
      const v = relayVerdict(config, scenario);
      const unless = v.verdict === "UNKNOWN" && v.reason?.startsWith("accepted unless ") ? v.reason.slice("accepted unless ".length) : undefined;
      if (v.verdict !== "ACCEPT" && !unless) continue;
      const permits = v.trace.filter((t) => t.result === "PERMIT" && t.element);
      const decisive = permits.find((t) => t.range) ?? permits[0];
      const path = permits.length
        ? `allowed by ${permits.map((t) => `${t.element} in ${t.list}`).join(", then ")}`
        : "every restriction list ends in an implicit permit";
      const range = decisive?.range ?? svc.range ?? config.mainCf?.parameters[0]?.range;
      if (!range) continue;
      ctx.report({
        range,
        messageId: unless ? "openUnless" : "open",
        data: {
          service: svc.name,
          client: scenario.client,
          to: scenario.to,
          path,
          command: reproduceCommand(config.dir, scenario),
          ...(unless ? { unless } : {}),
        },
        fix: {
          description: `Make sure smtpd_relay_restrictions for ${svc.name} reaches reject_unauth_destination for outside clients: remove the permit that matches them (${decisive?.element ?? "the implicit permit"}) or move it after reject_unauth_destination.`,
        },
      });
    }
  },
});
