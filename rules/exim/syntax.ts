import { defineEximRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import type { EximLintInput } from "../../src/lint-exim.js";

export default defineEximRule<"syntax", EximLintInput>({
  meta: {
    id: "exim/syntax",
    kind: "exim",
    files: ["exim.conf", "exim4.conf.template", "conf.d/*"],
    severity: Severity.Error,
    summary: "Exim configuration text that Exim refuses or reads differently than written",
    messages: { syntax: "{message}" },
  },
  docs: {
    why: "Exim refuses to start (or to reload) with a configuration error, so no mail is accepted until it is fixed; preprocessor mistakes such as an unbalanced .ifdef or a missing .include change which lines Exim reads at all.",
    bad: { "exim.conf": "primary_hostname = mx.example.org\nbegin acl\nacl_check_rcpt:\n  accept hosts = :\n  bogus_verb domains = +local_domains\n" },
    good: { "exim.conf": "primary_hostname = mx.example.org\nbegin acl\nacl_check_rcpt:\n  accept hosts = :\n  deny domains = !+local_domains\n" },
    fix: "Correct the line as the message says; `exim -C FILE -bV` confirms the fix.",
  },
  check(ctx) {
    for (const d of ctx.config.diagnostics) {
      if (d.code !== "exim/syntax") continue;
      ctx.report({
        range: d.range,
        messageId: "syntax",
        data: { message: d.message },
        severity: d.severity,
        fix: { description: "Correct the line as described; `exim -C FILE -bV` confirms the fix." },
        ...(d.via ? { via: d.via } : {}),
      });
    }
  },
});
