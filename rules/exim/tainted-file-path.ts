import { defineEximRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import type { EximLintInput } from "../../src/lint-exim.js";
import { eximDrift, taintEnforced } from "../../src/model/drift/exim.js";
import { isTaintedVariable, variableRefs } from "../../src/model/drift/exim-expansion.js";
import { eximStringSites, siteRange } from "../../src/model/drift/exim-walk.js";
import { describeTarget, eximTarget } from "../../src/model/drift/target.js";

export default defineEximRule<"tainted" | "taintedDetaint", EximLintInput>({
  meta: {
    id: "exim/tainted-file-path",
    kind: "exim",
    files: ["exim.conf", "exim4.conf.template", "conf.d/*"],
    severity: Severity.Error,
    summary: "A delivery file, directory or command built from tainted data (refused since Exim 4.94)",
    messages: {
      tainted:
        '{owner} uses ${variable}, which comes from the message and is tainted: since Exim {since} delivery defers with "Tainted filename" (target: {target})',
      taintedDetaint:
        '{owner} uses ${variable}, which comes from the message and is tainted: since Exim {since} delivery defers with "Tainted filename"; use ${detainted} (target: {target})',
    },
  },
  docs: {
    why: "Exim 4.94 refuses to build a mailbox path, a pipe command or an autoreply file from data the sender controls. The configuration still loads, so the upgrade looks fine until every local delivery is deferred with \"Tainted filename\".",
    bad: { "exim.conf": "begin transports\nmail_spool:\n  driver = appendfile\n  file = /var/mail/$local_part\n" },
    good: { "exim.conf": "begin transports\nmail_spool:\n  driver = appendfile\n  file = /var/mail/$local_part_data\n" },
    fix: "Use the de-tainted copy Exim sets after a successful match: $local_part_data (set by check_local_user or a local_parts condition on the router) and $domain_data (set by a domains condition); otherwise take the value from a lookup result.",
    related: ["exim/removed-option", "exim/tainted-lookup"],
    references: [
      { title: "Exim specification: String expansions", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-string_expansions.html" },
      { title: "Exim specification: The appendfile transport — The file and directory options", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-the_appendfile_transport.html#SECTfildiropt" },
      { title: "Exim specification: How Exim receives and delivers mail — Router preconditions", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-how_exim_receives_and_delivers_mail.html#SECTrouprecon" },
    ],
  },
  check(ctx) {
    const target = eximTarget(ctx.config, ctx.settings);
    if (!taintEnforced(target.version)) return;
    for (const s of eximStringSites(ctx.config.config)) {
      const d = s.driver;
      if (!d || !s.option) continue;
      const listed = eximDrift.taint.fileOptions.some((f) => f.kind === d.kind && f.driver === d.driver && f.options.includes(s.option!.name));
      if (!listed) continue;
      for (const ref of variableRefs(s.text, { skipLookups: true })) {
        if (!isTaintedVariable(ref.name)) continue;
        const detainted = eximDrift.taint.detainted[ref.name];
        ctx.report({
          range: siteRange(s, ref.start, ref.end),
          messageId: detainted ? "taintedDetaint" : "tainted",
          data: { owner: s.owner, variable: ref.name, since: eximDrift.taint.since, target: describeTarget("Exim", target), ...(detainted ? { detainted } : {}) },
          fix: {
            description: detainted
              ? `Write $${detainted} instead of $${ref.name}; the router that leads here must set it (check_local_user or local_parts = ... for $local_part_data, domains = ... for $domain_data).`
              : `Take the value from a lookup or list match instead of $${ref.name}.`,
          },
          ...(s.via ? { via: s.via } : {}),
        });
      }
    }
  },
});
