import { definePostfixRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import { remoteProbe } from "../../src/relay/probes.js";
import { atTargetRelease, relayVerdict, settingRange, smtpdServices } from "../../src/relay/postfix/services.js";

export default definePostfixRule({
  meta: {
    id: "postfix/no-relay-protection",
    kind: "postfix",
    files: ["main.cf", "master.cf"],
    severity: Severity.Error,
    summary: "No relay guard in the relay or recipient restrictions: smtpd exits at start",
    messages: {
      fatal:
        "service {service}: neither smtpd_relay_restrictions nor smtpd_recipient_restrictions contains reject_unauth_destination, defer_unauth_destination, reject or defer before any permit, so smtpd exits at start (\"specify at least one working instance of ...\") and no mail is accepted",
    },
  },
  docs: {
    why: "Postfix refuses to run an SMTP server that could relay for anyone: smtpd logs a fatal error for every connection and no mail comes in. A common path: an update empties smtpd_relay_restrictions and a help article's \"smtpd_recipient_restrictions = permit_sasl_authenticated\" is pasted in.",
    bad: { "main.cf": "myhostname = mx.example.org\nsmtpd_relay_restrictions =\nsmtpd_recipient_restrictions = permit_sasl_authenticated\n" },
    good: { "main.cf": "myhostname = mx.example.org\nsmtpd_relay_restrictions =\nsmtpd_recipient_restrictions = permit_sasl_authenticated, reject_unauth_destination\n" },
    fix: "End smtpd_relay_restrictions (or smtpd_recipient_restrictions) with reject_unauth_destination, after the permit_mynetworks and permit_sasl_authenticated entries.",
    related: ["postfix/compat-level-drift", "postfix/missing-permit-sasl-authenticated", "postfix/open-relay"],
    references: [
      { title: "postconf(5): smtpd_relay_restrictions", url: "https://www.postfix.org/postconf.5.html#smtpd_relay_restrictions" },
      { title: "postconf(5): reject_unauth_destination", url: "https://www.postfix.org/postconf.5.html#reject_unauth_destination" },
      { title: "SMTPD_ACCESS_README: Dangerous use of smtpd_recipient_restrictions", url: "https://www.postfix.org/SMTPD_ACCESS_README.html#danger" },
      { title: "COMPATIBILITY_README: Using backwards-compatible default setting smtpd_relay_restrictions = (empty)", url: "https://www.postfix.org/COMPATIBILITY_README.html#relay_restrictions" },
    ],
  },
  check(ctx) {
    const config = atTargetRelease(ctx.config, ctx.settings);
    for (const svc of smtpdServices(config)) {
      const v = relayVerdict(config, remoteProbe("outside-to-remote", svc.service ? svc.name : undefined));
      if (v.verdict !== "FATAL") continue;
      const range =
        settingRange(config, "smtpd_relay_restrictions", svc.service) ??
        settingRange(config, "smtpd_recipient_restrictions", svc.service) ??
        svc.range ??
        config.mainCf?.parameters[0]?.range;
      if (!range) continue;
      ctx.report({
        range,
        messageId: "fatal",
        data: { service: svc.name },
        fix: { description: "Add reject_unauth_destination at the end of smtpd_relay_restrictions (after permit_mynetworks, permit_sasl_authenticated)." },
      });
    }
  },
});
