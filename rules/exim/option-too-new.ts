import type { EximDriverInstance, EximOption } from "../../src/ast/exim-nodes.js";
import { defineEximRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import type { EximLintInput } from "../../src/lint-exim.js";
import { eximAclConditionFact, eximOptionSince } from "../../src/model/drift/exim.js";
import { describeTarget, eximTarget } from "../../src/model/drift/target.js";
import { atOrAfter } from "../../src/model/drift/version.js";

export default defineEximRule<"option" | "condition", EximLintInput>({
  meta: {
    id: "exim/option-too-new",
    kind: "exim",
    files: ["exim.conf", "exim4.conf.template", "conf.d/*"],
    severity: Severity.Error,
    summary: "An option or ACL condition that appeared after the target Exim release",
    messages: {
      option: '{owner} appeared in Exim {since}; Exim {version} refuses the whole configuration (target: {target}; source: {source})',
      condition: 'ACL condition "{name}" appeared in Exim {since}; Exim {version} refuses the whole configuration (target: {target}; source: {source})',
    },
  },
  docs: {
    why: "A configuration copied from current documentation, or shared between servers on different releases, can use an option an older Exim does not have; that Exim refuses the whole configuration and accepts no mail.",
    bad: { "exim.conf": "exim_user = Debian-exim\nacl_smtp_wellknown = check_wellknown\n" },
    good: { "exim.conf": "exim_user = Debian-exim\n" },
    fix: "Upgrade Exim to the release the message names, or guard the line with .ifdef _OPT_MAIN_<NAME> (Exim defines one such macro per option it has), or remove it.",
    related: ["exim/deprecated-option", "exim/removed-option", "exim/unknown-option", "postfix/parameter-too-new"],
    references: [
      { title: "Exim specification: The Exim runtime configuration file — Builtin macros", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-the_exim_runtime_configuration_file.html#SECTbuiltinmacros" },
      { title: "Exim specification: Option Index", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-option_index.html" },
    ],
  },
  check(ctx) {
    const { config } = ctx.config;
    const target = eximTarget(ctx.config, ctx.settings);
    const where = describeTarget("Exim", target);
    const check = (o: EximOption, d?: EximDriverInstance) => {
      const since = eximOptionSince(o.name, d ? { kind: d.kind, driver: d.driver } : undefined);
      if (!since || atOrAfter(target.version, since.version)) return;
      ctx.report({
        range: o.nameRange,
        messageId: "option",
        data: {
          owner: d ? `option "${o.rawName}" of the ${d.driver ?? ""} ${d.kind} "${d.name}"` : `main option "${o.rawName}"`,
          since: since.version,
          version: target.version,
          target: where,
          source: `${since.source.file} ${since.source.release}`,
        },
        fix: { description: `Upgrade to Exim ${since.version} or later, guard the line with .ifdef, or remove it.` },
        ...(o.via ? { via: o.via } : {}),
      });
    };
    for (const o of config.mainOptions) check(o);
    for (const d of [...config.routers, ...config.transports, ...config.authenticators]) for (const o of d.options) check(o, d);
    for (const acl of config.acls) {
      for (const st of acl.statements) {
        for (const c of st.conditions) {
          const f = eximAclConditionFact(c.name);
          if (!f?.since || atOrAfter(target.version, f.since)) continue;
          ctx.report({
            range: c.nameRange,
            messageId: "condition",
            data: { name: c.name, since: f.since, version: target.version, target: where, source: `${f.source.file} ${f.source.release}` },
            fix: { description: `Upgrade to Exim ${f.since} or later, or rewrite the ACL without it.` },
            ...(c.via ? { via: c.via } : {}),
          });
        }
      }
    }
  },
});
