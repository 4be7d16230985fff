import { definePostfixRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import { isKnownOverride, knownParameterNames } from "../../src/model/postfix/config.js";
import { closestName } from "../../src/model/postfix/suggest.js";

export default definePostfixRule({
  meta: {
    id: "postfix/master-unknown-override",
    kind: "postfix",
    files: ["master.cf"],
    severity: Severity.Warning,
    summary: "A master.cf -o override of a parameter Postfix does not know",
    messages: {
      unknown: "service {service}: -o {name} is not a Postfix parameter and nothing refers to it, so this override does nothing",
      unknownSuggest:
        "service {service}: -o {name} is not a Postfix parameter and nothing refers to it, so this override does nothing; did you mean {suggestion}?",
    },
  },
  docs: {
    why: "A misspelt -o override (for example on the submission service) leaves the main.cf value in force for that service: a restriction, SASL or TLS setting the admin relies on silently does not apply.",
    bad: {
      "main.cf": "myhostname = mx.example.org\n",
      "master.cf": "submission inet n - y - - smtpd\n  -o smtpd_sasl_auth_enabled=yes\n",
    },
    good: {
      "main.cf": "myhostname = mx.example.org\n",
      "master.cf": "submission inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable=yes\n",
    },
    fix: "Correct the parameter name, or remove the override.",
    related: ["postfix/syntax", "postfix/unknown-parameter", "exim/unknown-option"],
    references: [
      { title: "master(5): the master.cf file format and -o overrides", url: "https://www.postfix.org/master.5.html" },
      { title: "postconf(5): every parameter, its default and the release that added it", url: "https://www.postfix.org/postconf.5.html" },
    ],
  },
  check(ctx) {
    const { config } = ctx;
    let known: string[] | undefined;
    for (const s of config.masterCf?.services ?? []) {
      for (const o of s.overrides) {
        if (isKnownOverride(config, s, o.name)) continue;
        known ??= knownParameterNames(config);
        const suggestion = closestName(o.name, known);
        ctx.report({
          range: o.nameRange,
          messageId: suggestion ? "unknownSuggest" : "unknown",
          data: suggestion ? { service: s.name, name: o.name, suggestion } : { service: s.name, name: o.name },
          fix: { description: suggestion ? `Rename the override to -o ${suggestion}=${o.value}.` : "Remove the override or correct its name." },
        });
      }
    }
  },
});
