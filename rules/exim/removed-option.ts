import type { Range } from "../../src/ast/range.js";
import { defineEximRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import type { EximLintInput } from "../../src/lint-exim.js";
import { eximAclConditionFact, eximLogSelectorFact, eximMainOptionFact } from "../../src/model/drift/exim.js";
import type { LifecycleFact } from "../../src/model/drift/facts.js";
import { describeTarget, eximTarget } from "../../src/model/drift/target.js";
import { atOrAfter } from "../../src/model/drift/version.js";

export default defineEximRule<"option" | "condition" | "selector", EximLintInput>({
  meta: {
    id: "exim/removed-option",
    kind: "exim",
    files: ["exim.conf", "exim4.conf.template", "conf.d/*"],
    severity: Severity.Error,
    summary: "An option, ACL condition or log selector that the target Exim release removed",
    messages: {
      option: 'main option "{name}" was removed in Exim {removed}; Exim {version} refuses the whole configuration{advice} (target: {target})',
      condition: 'ACL condition "{name}" was removed in Exim {removed}; Exim {version} refuses the whole configuration{advice} (target: {target})',
      selector: 'log selector "{name}" was removed in Exim {removed}; Exim {version} refuses the whole configuration (target: {target})',
    },
  },
  docs: {
    why: "Exim stops at the first option it does not know. An option removed by an update (allow_insecure_tainted_data in 4.96, the gnutls_require_* options in 4.88) means the daemon does not start after the package upgrade.",
    bad: { "exim.conf": "primary_hostname = mx.example.org\nallow_insecure_tainted_data = yes\n" },
    good: { "exim.conf": "primary_hostname = mx.example.org\n" },
    fix: "Delete the line; where the message names a replacement, move the setting there. For allow_insecure_tainted_data, fix the tainted uses (see exim/tainted-file-path and exim/tainted-lookup).",
    related: ["exim/changed-default", "exim/deprecated-option", "exim/option-too-new", "exim/tainted-file-path", "exim/tainted-lookup", "exim/unknown-option", "postfix/removed-parameter"],
    references: [
      { title: "Exim specification: Main configuration — Alphabetical list of main options", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-main_configuration.html#SECTalomo" },
      { title: "Exim specification: Option Index", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-option_index.html" },
    ],
  },
  check(ctx) {
    const { config } = ctx.config;
    const target = eximTarget(ctx.config, ctx.settings);
    const where = describeTarget("Exim", target);
    const gone = (f: LifecycleFact | undefined): f is LifecycleFact & { removed: string } => f?.removed !== undefined && atOrAfter(target.version, f.removed);
    const report = (messageId: "option" | "condition" | "selector", range: Range, f: LifecycleFact & { removed: string }, name: string, via: string[] | undefined) =>
      ctx.report({
        range,
        messageId,
        data: { name, removed: f.removed, version: target.version, advice: f.replacement ? `; use ${f.replacement}` : f.note ? `; ${f.note}` : "", target: where },
        fix: { description: f.replacement ? `Use ${f.replacement} instead and delete this.` : `Delete this${f.note ? `: ${f.note}` : ""}.` },
        ...(via ? { via } : {}),
      });
    for (const o of config.mainOptions) {
      const f = eximMainOptionFact(o.name);
      if (gone(f)) report("option", o.nameRange, f, o.rawName, o.via);
      if (o.name === "log_selector" && o.value !== undefined && o.valueRange) {
        for (const m of o.value.matchAll(/[+-](\w+)/g)) {
          const s = eximLogSelectorFact(m[1]!);
          if (!gone(s)) continue;
          const exact = !o.via && o.valueRange.end - o.valueRange.start === o.value.length;
          const r = exact ? { file: o.valueRange.file, start: o.valueRange.start + m.index, end: o.valueRange.start + m.index + m[0].length } : o.valueRange;
          report("selector", r, s, m[1]!, o.via);
        }
      }
    }
    for (const acl of config.acls) {
      for (const st of acl.statements) {
        for (const c of st.conditions) {
          const f = eximAclConditionFact(c.name);
          if (gone(f)) report("condition", c.nameRange, f, c.name, c.via);
        }
      }
    }
  },
});
