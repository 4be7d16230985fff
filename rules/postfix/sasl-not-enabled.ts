import { definePostfixRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import { effectiveValue, expandedValue } from "../../src/model/postfix/config.js";
import { listElements } from "../../src/model/postfix/lists.js";
import { saslEnabled, smtpdServices } from "../../src/relay/postfix/services.js";

const LISTS = ["smtpd_client_restrictions", "smtpd_helo_restrictions", "smtpd_sender_restrictions", "smtpd_relay_restrictions", "smtpd_recipient_restrictions"];

export default definePostfixRule({
  meta: {
    id: "postfix/sasl-not-enabled",
    kind: "postfix",
    files: ["main.cf", "master.cf"],
    severity: Severity.Warning,
    summary: "permit_sasl_authenticated is relied on where SASL is off, so it never matches",
    messages: {
      nowhere:
        "{list} permits authenticated clients, but smtpd_sasl_auth_enable is off on every smtpd service ({services}), so no client can log in and permit_sasl_authenticated never matches",
      service:
        "service {service} sets {list} with permit_sasl_authenticated, but SASL is off for that service (smtpd_sasl_auth_enable = no), so the permit never matches there",
      tlsOff:
        "service {service} enables SASL with smtpd_tls_auth_only = yes, but TLS is off there (smtpd_tls_security_level = {level}), so AUTH is never offered and no user can log in",
    },
  },
  docs: {
    why: "permit_sasl_authenticated only matches a client that logged in with AUTH, and smtpd offers AUTH only where smtpd_sasl_auth_enable = yes (default no). Users then get \"Relay access denied\" although the restriction list looks right.",
    bad: {
      "main.cf": "myhostname = mx.example.org\n",
      "master.cf": "submission inet n - y - - smtpd\n  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject\n",
    },
    good: {
      "main.cf": "myhostname = mx.example.org\n",
      "master.cf": "submission inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable=yes\n  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject\n",
    },
    fix: "Set smtpd_sasl_auth_enable = yes on the service where users log in (usually -o on submission), with smtpd_sasl_type and smtpd_sasl_path for your SASL server.",
    related: ["postfix/missing-permit-sasl-authenticated", "postfix/plaintext-auth"],
    references: [
      { title: "postconf(5): smtpd_sasl_auth_enable", url: "https://www.postfix.org/postconf.5.html#smtpd_sasl_auth_enable" },
      { title: "SASL_README: Enabling SASL authentication in the Postfix SMTP server", url: "https://www.postfix.org/SASL_README.html#server_sasl_authc" },
      { title: "master(5): the master.cf file format and -o overrides", url: "https://www.postfix.org/master.5.html" },
    ],
  },
  check(ctx) {
    const { config } = ctx;
    const services = smtpdServices(config);
    const anySasl = services.some((s) => saslEnabled(config, s.service));
    for (const svc of services) {
      const v = (n: string) => expandedValue(config, n, svc.service) ?? "";
      if (saslEnabled(config, svc.service) && v("smtpd_tls_auth_only") === "yes" && v("smtpd_tls_wrappermode") !== "yes") {
        const level = v("smtpd_tls_security_level") || (v("smtpd_enforce_tls") === "yes" ? "encrypt" : v("smtpd_use_tls") === "yes" ? "may" : "none");
        const range = effectiveValue(config, "smtpd_tls_auth_only", svc.service)?.range ?? svc.range;
        if (level !== "may" && level !== "encrypt" && range) {
          ctx.report({
            range,
            messageId: "tlsOff",
            data: { service: svc.name, level },
            fix: { description: `Turn TLS on for ${svc.name} (smtpd_tls_security_level = may or encrypt, with smtpd_tls_cert_file/smtpd_tls_key_file or smtpd_tls_chain_files).` },
          });
        }
      }
      if (saslEnabled(config, svc.service)) continue;
      for (const list of LISTS) {
        const ev = effectiveValue(config, list, svc.service);
        // Only a list this service sets for itself (-o); a shared main.cf list is judged once below.
        if (ev?.source !== "master.cf -o" || !ev.range) continue;
        if (!listElements(config, list, svc.service).some((e) => e.text === "permit_sasl_authenticated")) continue;
        ctx.report({
          range: ev.range,
          messageId: "service",
          data: { service: svc.name, list },
          fix: { description: `Add -o smtpd_sasl_auth_enable=yes to service ${svc.name} (and the SASL type/path), or remove permit_sasl_authenticated from its list.` },
        });
      }
    }
    if (anySasl || services.length === 0) return;
    for (const list of LISTS) {
      const ev = effectiveValue(config, list);
      if (ev?.source !== "main.cf" || !ev.range) continue;
      const el = listElements(config, list).find((e) => e.text === "permit_sasl_authenticated");
      if (!el) continue;
      ctx.report({
        range: el.range ?? ev.range,
        messageId: "nowhere",
        data: { list, services: services.map((s) => s.name).join(", ") },
        fix: { description: "Enable SASL where users log in: -o smtpd_sasl_auth_enable=yes on the submission service in master.cf (or smtpd_sasl_auth_enable = yes in main.cf)." },
      });
    }
  },
});
