import { reportDiagnostics } from "../../src/engine/from-diagnostics.js";
import { defineEximRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import type { EximLintInput } from "../../src/lint-exim.js";

/** Diagnostics that have a rule of their own. */
const OWN_RULES = new Set(["exim/unknown-option", "exim/option-set-twice", "exim/include-missing", "exim/include-cycle", "exim/include-outside-root"]);

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
    why: "Exim refuses to start (or to reload) with a configuration error, so no mail is accepted until it is fixed; preprocessor mistakes such as an unbalanced .ifdef change which lines Exim reads at all.",
    bad: { "exim.conf": "primary_hostname = mx.example.org\nacl_smtp_rcpt = acl_check_rcpt\nbegin acl\nacl_check_rcpt:\n  acept hosts = :\n" },
    good: { "exim.conf": "primary_hostname = mx.example.org\nacl_smtp_rcpt = acl_check_rcpt\nbegin acl\nacl_check_rcpt:\n  accept hosts = :\n" },
    fix: "Correct the line as the message says; `exim -C FILE -bV` confirms the fix.",
    related: ["exim/duplicate-option", "exim/include-problem", "exim/unknown-option", "postfix/syntax"],
    references: [
      { title: "Exim specification: The Exim runtime configuration file — Configuration file format", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-the_exim_runtime_configuration_file.html#SECTconffilfor" },
      { title: "Exim specification: The Exim runtime configuration file — Common option syntax", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-the_exim_runtime_configuration_file.html#SECTcos" },
    ],
  },
  check(ctx) {
    reportDiagnostics(ctx.config.diagnostics, (d) => d.code.startsWith("exim/") && !OWN_RULES.has(d.code), ctx.report, "syntax", () => ({
      description: "Correct the line as described; `exim -C FILE -bV` confirms the fix.",
    }));
  },
});
