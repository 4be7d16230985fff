import type { Range } from "../../src/ast/range.js";
import { defineEximRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import type { EximLintInput } from "../../src/lint-exim.js";
import { eximDrift } from "../../src/model/drift/exim.js";
import { describeTarget, eximTarget } from "../../src/model/drift/target.js";
import { compareVersions, isVersion } from "../../src/model/drift/version.js";

export default defineEximRule<"main" | "transport", EximLintInput>({
  meta: {
    id: "exim/changed-default",
    kind: "exim",
    files: ["exim.conf", "exim4.conf.template", "conf.d/*"],
    severity: Severity.Warning,
    summary: "An option this configuration leaves at its default, whose default changed between the release it ran on and the target",
    messages: {
      main: "{name} is not set here, and its default changed in Exim {version} from {old} to {new}: after the upgrade from {from} this configuration gets {new} (target: {target})",
      transport:
        "the {driver} transport {instance} does not set {name}, and its default changed in Exim {version} from {old} to {new}: after the upgrade from {from} it gets {new} (target: {target})",
    },
  },
  docs: {
    why: "An upgrade changes behaviour without any edit to the configuration when a default changes (recipients_max, remote_max_parallel, TLS and DANE defaults...). Admins who compare the files before and after see nothing. Needs --from-version (the release the configuration ran on).",
    bad: { "exim.conf": "primary_hostname = mx.example.org\nbegin transports\nremote_smtp:\n  driver = smtp\n" },
    good: {
      "exim.conf":
        "primary_hostname = mx.example.org\ndnssec_request_domains = *\nrecipients_max = 50000\nbegin transports\nremote_smtp:\n  driver = smtp\n  hosts_try_dane = *\n  hosts_try_fastopen =\n  hosts_noproxy_tls =\n",
    },
    fix: "Set the option explicitly to the value you want (the old default keeps the old behaviour), then remove it when you have checked the new one.",
    options: "Runs only with --from-version (or fromVersion in .mtalint.json) set to an Exim release, e.g. 4.92.",
    settings: { fromVersion: "4.92", eximVersion: "4.96" },
    related: ["exim/deprecated-option", "exim/removed-option", "postfix/compat-level-drift"],
    references: [
      { title: "Exim specification: Main configuration — Alphabetical list of main options", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-main_configuration.html#SECTalomo" },
      { title: "Exim specification: The smtp transport", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-the_smtp_transport.html" },
    ],
  },
  check(ctx) {
    const from = ctx.settings.fromVersion;
    if (!from || !isVersion(from) || !from.startsWith("4.")) return;
    const { config } = ctx.config;
    const target = eximTarget(ctx.config, ctx.settings);
    const where = describeTarget("Exim", target);
    const anchor: Range | undefined = config.mainOptions[0]?.range ?? config.sections[0]?.range;
    for (const c of eximDrift.changedDefaults) {
      if (compareVersions(c.version, from) <= 0 || compareVersions(c.version, target.version) > 0) continue;
      const shown = (v: string) => (v === "" ? "(empty)" : v);
      const data = { name: c.name, version: c.version, old: shown(c.old), new: shown(c.new), from, target: where };
      if (c.scope) {
        for (const t of config.transports) {
          if (t.driver !== c.scope || t.options.some((o) => o.name === c.name)) continue;
          ctx.report({
            range: t.nameRange,
            messageId: "transport",
            data: { ...data, driver: c.scope, instance: t.name },
            fix: { description: `Add "${c.name} = ${c.old}" to ${t.name} to keep the old behaviour, or accept the new default.` },
          });
        }
        continue;
      }
      if (config.mainOptions.some((o) => o.name === c.name) || !anchor) continue;
      ctx.report({
        range: anchor,
        messageId: "main",
        data,
        fix: { description: `Set "${c.name} = ${c.old}" in the main section to keep the old behaviour, or accept the new default.` },
      });
    }
  },
});
