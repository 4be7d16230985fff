import { reportDiagnostics } from "../../src/engine/from-diagnostics.js";
import { defineEximRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import type { EximLintInput } from "../../src/lint-exim.js";

const FIXES: Record<string, string> = {
  "exim/include-missing": "Create the file, correct the path, or use .include_if_exists for an optional file.",
  "exim/include-cycle": "Remove the .include that leads back to a file already being read.",
  "exim/include-outside-root": "Keep included files inside the configuration directory, or lint with that directory as the root.",
};

export default defineEximRule<"include", EximLintInput>({
  meta: {
    id: "exim/include-problem",
    kind: "exim",
    files: ["exim.conf", "exim4.conf.template", "conf.d/*"],
    severity: Severity.Error,
    summary: "An .include that Exim cannot read, that loops, or that leaves the configuration directory",
    messages: { include: "{message}" },
  },
  docs: {
    why: "A missing .include makes Exim refuse the whole configuration; an include cycle makes it fail on repeated options; a file outside the configuration directory is not part of what was reviewed, so mtalint does not read it.",
    bad: { "exim.conf": "primary_hostname = mx.example.org\n.include /etc/exim4/mtalint-local.conf\n" },
    good: { "exim.conf": "primary_hostname = mx.example.org\n.include_if_exists /etc/exim4/mtalint-local.conf\n" },
    fix: "Correct the path, use .include_if_exists for optional files, and keep included files inside the configuration directory.",
    related: ["exim/syntax", "exim/undefined-macro"],
    references: [
      { title: "Exim specification: The Exim runtime configuration file", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-the_exim_runtime_configuration_file.html" },
    ],
  },
  check(ctx) {
    reportDiagnostics(ctx.config.diagnostics, (d) => d.code in FIXES, ctx.report, "include", (d) => ({ description: FIXES[d.code]! }));
  },
});
