import { defineEximRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import type { EximLintInput } from "../../src/lint-exim.js";
import { eximAclConditionFact, eximMainOptionFact } from "../../src/model/drift/exim.js";
import type { LifecycleFact } from "../../src/model/drift/facts.js";
import { describeTarget, eximTarget } from "../../src/model/drift/target.js";
import { atOrAfter } from "../../src/model/drift/version.js";

export default defineEximRule<"deprecated", EximLintInput>({
  meta: {
    id: "exim/deprecated-option",
    kind: "exim",
    files: ["exim.conf", "exim4.conf.template", "conf.d/*"],
    severity: Severity.Warning,
    summary: "An option or ACL condition that the target Exim release deprecates, with its replacement",
    messages: {
      deprecated: '"{name}" is obsolete since Exim {deprecated}{removal}{advice} (target: {target})',
    },
  },
  docs: {
    why: "Exim keeps obsolete options for a while and then removes them, and a removed option stops the whole configuration from loading. Options it documents as obsolete are also often no-ops already, so the setting may not do what its author meant.",
    bad: { "exim.conf": "primary_hostname = mx.example.org\nhelo_verify_hosts = *\n" },
    good: { "exim.conf": "primary_hostname = mx.example.org\nacl_smtp_helo = check_helo\nbegin acl\ncheck_helo:\n  deny\n    !verify = helo\n  accept\n" },
    fix: "Move the setting to the replacement the message names and delete the line.",
    related: ["exim/changed-default", "exim/option-too-new", "exim/removed-option", "postfix/deprecated-parameter"],
    references: [
      { title: "Exim specification: Main configuration — Alphabetical list of main options", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-main_configuration.html#SECTalomo" },
      { title: "Exim specification: Option Index", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-option_index.html" },
    ],
  },
  check(ctx) {
    const { config } = ctx.config;
    const target = eximTarget(ctx.config, ctx.settings);
    const applies = (f: LifecycleFact | undefined): f is LifecycleFact & { deprecated: string } =>
      f?.deprecated !== undefined && atOrAfter(target.version, f.deprecated) && !(f.removed && atOrAfter(target.version, f.removed));
    const data = (name: string, f: LifecycleFact & { deprecated: string }) => ({
      name,
      deprecated: f.deprecated,
      removal: f.removed ? ` and removed in ${f.removed}` : "",
      advice: f.replacement ? `; use ${f.replacement}${f.note ? ` (${f.note})` : ""}` : f.note ? `; ${f.note}` : "",
      target: describeTarget("Exim", target),
    });
    const fix = (f: LifecycleFact) => ({ description: f.replacement ? `Use ${f.replacement} instead and delete this.` : `Delete this${f.note ? `: ${f.note}` : ""}.` });
    for (const o of config.mainOptions) {
      const f = eximMainOptionFact(o.name);
      if (applies(f)) ctx.report({ range: o.nameRange, messageId: "deprecated", data: data(o.rawName, f), fix: fix(f), ...(o.via ? { via: o.via } : {}) });
    }
    for (const acl of config.acls) {
      for (const st of acl.statements) {
        for (const c of st.conditions) {
          const f = eximAclConditionFact(c.name);
          if (applies(f)) ctx.report({ range: c.nameRange, messageId: "deprecated", data: data(c.name, f), fix: fix(f), ...(c.via ? { via: c.via } : {}) });
        }
      }
    }
  },
});
