import { reportDiagnostics } from "../../src/engine/from-diagnostics.js";
import { defineEximRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import type { EximLintInput } from "../../src/lint-exim.js";

export default defineEximRule<"duplicate", EximLintInput>({
  meta: {
    id: "exim/duplicate-option",
    kind: "exim",
    files: ["exim.conf", "exim4.conf.template", "conf.d/*"],
    severity: Severity.Error,
    summary: "An Exim option set twice in the same section or driver",
    messages: { duplicate: "{message}; Exim refuses the configuration" },
  },
  docs: {
    why: "Unlike Postfix, Exim 4.96 does not let a later setting win: a second setting of the same option is a configuration error and Exim does not start. Control panels and pasted snippets often add a second copy.",
    bad: { "exim.conf": "primary_hostname = mx.example.org\nmessage_size_limit = 50M\nmessage_size_limit = 100M\n" },
    good: { "exim.conf": "primary_hostname = mx.example.org\nmessage_size_limit = 100M\n" },
    fix: "Keep one setting of the option (the value you want) and delete the other.",
    related: ["exim/syntax", "postfix/duplicate-parameter"],
    references: [
      { title: "Exim specification: The Exim runtime configuration file — Configuration file format", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-the_exim_runtime_configuration_file.html#SECTconffilfor" },
      { title: "Exim specification: The Exim runtime configuration file — Format of driver configurations", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-the_exim_runtime_configuration_file.html#SECTfordricon" },
    ],
  },
  check(ctx) {
    reportDiagnostics(ctx.config.diagnostics, (d) => d.code === "exim/option-set-twice", ctx.report, "duplicate", () => ({
      description: "Delete one of the two settings, keeping the value you want.",
    }));
  },
});
