import { defineEximRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import type { EximLintInput } from "../../src/lint-exim.js";
import { eximDrift, taintEnforced } from "../../src/model/drift/exim.js";
import { isTaintedVariable, lookupItems, variableRefs } from "../../src/model/drift/exim-expansion.js";
import { eximStringSites, siteRange } from "../../src/model/drift/exim-walk.js";
import { describeTarget, eximTarget } from "../../src/model/drift/target.js";
import { atOrAfter } from "../../src/model/drift/version.js";

export default defineEximRule<"file" | "fileDetaint" | "query", EximLintInput>({
  meta: {
    id: "exim/tainted-lookup",
    kind: "exim",
    files: ["exim.conf", "exim4.conf.template", "conf.d/*"],
    severity: Severity.Error,
    summary: "A lookup whose file name or query is built from tainted data",
    messages: {
      file: '{owner}: the {type} lookup file name uses ${variable}, which is tainted: since Exim {since} the lookup fails with "Tainted filename for search" (target: {target})',
      fileDetaint:
        '{owner}: the {type} lookup file name uses ${variable}, which is tainted: since Exim {since} the lookup fails with "Tainted filename for search"; use ${detainted} (target: {target})',
      query: "{owner}: the {type} query uses ${variable} unquoted; since Exim {since} this is logged and a later release will refuse it; wrap it in ${quote_{type}:...} (target: {target})",
    },
  },
  docs: {
    why: "Since Exim 4.94 the file of a single-key lookup (lsearch, dbm, cdb, dsearch...) must not be named by data the sender controls. Pre-4.94 configurations such as lsearch{/etc/exim4/virtual/$domain} still load, but every lookup fails at run time and the router defers or skips.",
    bad: { "exim.conf": "begin routers\nvirtual:\n  driver = redirect\n  data = ${lookup{$local_part}lsearch{/etc/exim4/virtual/$domain}}\n" },
    good: {
      "exim.conf": "begin routers\nvirtual:\n  driver = redirect\n  domains = dsearch;/etc/exim4/virtual\n  data = ${lookup{$local_part}lsearch{/etc/exim4/virtual/$domain_data}}\n",
    },
    fix: "Name the file with $domain_data or $local_part_data, set by a domains = or local_parts = condition (a dsearch; lookup of the directory is the usual way); the lookup key itself may stay tainted. Quote tainted data in query lookups with ${quote_<type>:...}.",
    related: ["exim/removed-option", "exim/tainted-file-path"],
    references: [
      { title: "Exim specification: File and database lookups", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-file_and_database_lookups.html" },
      { title: "Exim specification: File and database lookups — Single-key lookup types", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-file_and_database_lookups.html#SECTsinglekeylookups" },
      { title: "Exim specification: Some common configuration settings — Virtual domains", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-some_common_configuration_settings.html#SECTvirtualdomains" },
    ],
  },
  check(ctx) {
    const target = eximTarget(ctx.config, ctx.settings);
    if (!taintEnforced(target.version)) return;
    const taint = eximDrift.taint;
    const where = describeTarget("Exim", target);
    for (const s of eximStringSites(ctx.config.config)) {
      for (const item of lookupItems(s.text)) {
        const single = item.singleKey && taint.singleKeyLookups.includes(item.type);
        const query = !item.singleKey && taint.queryLookups.types.includes(item.type) && atOrAfter(target.version, taint.queryLookups.since);
        if (!single && !query) continue;
        for (const ref of variableRefs(item.argument, { skipLookups: true, skipQuoted: query })) {
          if (!isTaintedVariable(ref.name)) continue;
          const at = item.argumentStart + ref.start;
          const range = siteRange(s, at, at + ref.end - ref.start);
          const via = s.via ? { via: s.via } : {};
          if (single) {
            const detainted = taint.detainted[ref.name];
            ctx.report({
              range,
              messageId: detainted ? "fileDetaint" : "file",
              data: { owner: s.owner, type: item.type, variable: ref.name, since: taint.since, target: where, ...(detainted ? { detainted } : {}) },
              fix: {
                description: detainted
                  ? `Write $${detainted} in the file name; make sure a ${ref.name === "domain" ? "domains" : "local_parts"} condition before it matched (for example domains = dsearch;/etc/exim4/virtual).`
                  : `Build the file name from a lookup result or a static path, not from $${ref.name}.`,
              },
              ...via,
            });
          } else {
            ctx.report({
              range,
              messageId: "query",
              severity: Severity.Warning,
              data: { owner: s.owner, type: item.type, variable: ref.name, since: taint.queryLookups.since, target: where },
              fix: { description: `Write \${quote_${item.type}:$${ref.name}} instead of $${ref.name}.` },
              ...via,
            });
          }
        }
      }
    }
  },
});
