import { definePostfixRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import { expandedValue } from "../../src/model/postfix/config.js";
import { saslEnabled, settingRange, smtpdServices } from "../../src/relay/postfix/services.js";

export default definePostfixRule({
  meta: {
    id: "postfix/plaintext-auth",
    kind: "postfix",
    files: ["main.cf", "master.cf"],
    severity: Severity.Warning,
    summary: "SASL login is offered without requiring TLS first",
    messages: {
      plaintext:
        "service {service} offers SASL login before TLS: smtpd_tls_auth_only is not yes and TLS is not required (smtpd_tls_security_level = {level}), so passwords can cross the network in clear text",
    },
  },
  docs: {
    why: "With PLAIN or LOGIN mechanisms the password is only base64-encoded; a client that logs in before STARTTLS (or a downgrade attacker) exposes it. Postfix offers AUTH on unencrypted sessions unless told otherwise.",
    bad: { "main.cf": "myhostname = mx.example.org\nsmtpd_sasl_auth_enable = yes\nsmtpd_tls_security_level = may\n" },
    good: { "main.cf": "myhostname = mx.example.org\nsmtpd_sasl_auth_enable = yes\nsmtpd_tls_security_level = may\nsmtpd_tls_auth_only = yes\n" },
    fix: "Set smtpd_tls_auth_only = yes (or -o smtpd_tls_security_level=encrypt on submission, or use the smtps wrapper-mode service).",
    related: ["postfix/sasl-not-enabled", "exim/plaintext-auth"],
    references: [
      { title: "postconf(5): smtpd_tls_auth_only", url: "https://www.postfix.org/postconf.5.html#smtpd_tls_auth_only" },
      { title: "postconf(5): smtpd_tls_security_level", url: "https://www.postfix.org/postconf.5.html#smtpd_tls_security_level" },
      { title: "TLS_README: Supporting AUTH over TLS only", url: "https://www.postfix.org/TLS_README.html#server_tls_auth" },
      { title: "SASL_README: Postfix SMTP Server policy - SASL mechanism properties", url: "https://www.postfix.org/SASL_README.html#smtpd_sasl_security_options" },
    ],
  },
  check(ctx) {
    const { config } = ctx;
    for (const svc of smtpdServices(config)) {
      if (!saslEnabled(config, svc.service)) continue;
      const v = (n: string) => expandedValue(config, n, svc.service) ?? "";
      if (v("smtpd_tls_auth_only") === "yes" || v("smtpd_tls_wrappermode") === "yes") continue;
      const level = v("smtpd_tls_security_level") || (v("smtpd_enforce_tls") === "yes" ? "encrypt" : v("smtpd_use_tls") === "yes" ? "may" : "none");
      if (level === "encrypt") continue;
      const range = settingRange(config, "smtpd_sasl_auth_enable", svc.service) ?? svc.range;
      if (!range) continue;
      ctx.report({
        range,
        messageId: "plaintext",
        data: { service: svc.name, level: level || "none" },
        fix: {
          description: svc.service
            ? `Add -o smtpd_tls_auth_only=yes to service ${svc.name} (or -o smtpd_tls_security_level=encrypt).`
            : "Set smtpd_tls_auth_only = yes in main.cf.",
        },
      });
    }
  },
});
