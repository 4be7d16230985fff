import { defineEximRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import type { EximLintInput } from "../../src/lint-exim.js";
import { eximProbe } from "../../src/relay/exim/probes.js";

export default defineEximRule<"plaintext", EximLintInput>({
  meta: {
    id: "exim/plaintext-auth",
    kind: "exim",
    files: ["exim.conf", "exim4.conf.template", "conf.d/*"],
    severity: Severity.Warning,
    summary: "An authenticator is advertised on connections without TLS",
    messages: {
      plaintext:
        "authenticator {name} ({driver}) is advertised to clients that have not started TLS, so passwords can cross the network in clear text; limit it with server_advertise_condition = ${if def:tls_in_cipher}",
    },
  },
  docs: {
    why: "PLAIN and LOGIN send the password only base64-encoded. Exim advertises every server authenticator on plain connections unless server_advertise_condition (or auth_advertise_hosts) says otherwise.",
    bad: {
      "exim.conf": 'primary_hostname = mx.example.org\nbegin authenticators\nplain:\n  driver = plaintext\n  public_name = PLAIN\n  server_condition = ${if eq{$auth3}{secret}}\n',
    },
    good: {
      "exim.conf":
        'primary_hostname = mx.example.org\nbegin authenticators\nplain:\n  driver = plaintext\n  public_name = PLAIN\n  server_advertise_condition = ${if def:tls_in_cipher}\n  server_condition = ${if eq{$auth3}{secret}}\n',
    },
    fix: "Add server_advertise_condition = ${if def:tls_in_cipher} to each password authenticator (or restrict auth_advertise_hosts to TLS sessions).",
    related: ["exim/missing-authenticated-accept", "postfix/plaintext-auth"],
    references: [
      { title: "Exim specification: SMTP authentication", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-smtp_authentication.html" },
      { title: "Exim specification: The plaintext authenticator", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-the_plaintext_authenticator.html" },
      { title: "Exim specification: Encrypted SMTP connections using TLS/SSL", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-encrypted_smtp_connections_using_tlsssl.html" },
    ],
  },
  check(ctx) {
    const { verdict } = eximProbe(ctx.config, "sasl-to-remote", { tls: false });
    if (!verdict.authenticated) return;
    for (const a of ctx.config.config.authenticators) {
      if (!["plaintext", "dovecot", "cyrus_sasl", "gsasl"].includes(a.driver ?? "")) continue;
      if (!a.options.some((o) => o.name.startsWith("server_"))) continue;
      if (a.options.some((o) => o.name === "server_advertise_condition")) continue;
      ctx.report({
        range: a.nameRange,
        messageId: "plaintext",
        data: { name: a.name, driver: a.driver ?? "" },
        fix: { description: `Add "server_advertise_condition = \${if def:tls_in_cipher}" to authenticator ${a.name}.` },
        ...(a.via ? { via: a.via } : {}),
      });
    }
  },
});
