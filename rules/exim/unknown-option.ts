import type { EximDriverInstance, EximOption } from "../../src/ast/exim-nodes.js";
import { defineEximRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import type { EximLintInput } from "../../src/lint-exim.js";
import { knownDriverOption, knownMainOption } from "../../src/model/exim/check.js";
import { driverInBuild, eximOptions } from "../../src/model/exim/options.js";
import { eximMainOptionFact } from "../../src/model/drift/exim.js";
import { closestName } from "../../src/model/postfix/suggest.js";

export default defineEximRule<"unknownMain" | "unknownDriver" | "suggestMain" | "suggestDriver", EximLintInput>({
  meta: {
    id: "exim/unknown-option",
    kind: "exim",
    files: ["exim.conf", "exim4.conf.template", "conf.d/*"],
    severity: Severity.Error,
    summary: "An option Exim does not know, in the main section or on a driver",
    messages: {
      unknownMain: 'main option "{name}" is unknown to Exim {version}, which refuses the whole configuration',
      suggestMain: 'main option "{name}" is unknown to Exim {version}, which refuses the whole configuration; did you mean {suggestion}?',
      unknownDriver: 'option "{name}" is unknown for the {driver} {kind} "{instance}"; Exim refuses the whole configuration',
      suggestDriver: 'option "{name}" is unknown for the {driver} {kind} "{instance}"; Exim refuses the whole configuration; did you mean {suggestion}?',
    },
  },
  docs: {
    why: "Exim stops at the first option it does not know, so a typo, an option from a newer release, or one removed by an update means no mail is accepted after the next restart.",
    bad: { "exim.conf": "primary_hostname = mx.example.org\nmessage_size_limt = 50M\n" },
    good: { "exim.conf": "primary_hostname = mx.example.org\nmessage_size_limit = 50M\n" },
    fix: "Correct the option name (see the suggestion) or remove the line; for options of a newer Exim, upgrade first.",
    related: ["exim/option-too-new", "exim/removed-option", "exim/syntax", "postfix/master-unknown-override", "postfix/unknown-parameter"],
    references: [
      { title: "Exim specification: Main configuration — Alphabetical list of main options", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-main_configuration.html#SECTalomo" },
      { title: "Exim specification: Option Index", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-option_index.html" },
    ],
  },
  check(ctx) {
    const { config } = ctx.config;
    for (const o of config.mainOptions) {
      // Options with a release history (removed, renamed, newer) are judged by the drift rules against the target version.
      if (knownMainOption(o) || eximMainOptionFact(o.name)) continue;
      report(o, Object.keys(eximOptions.main));
    }
    for (const d of [...config.routers, ...config.transports, ...config.authenticators]) {
      if (d.driver === undefined || !driverInBuild(d.kind, d.driver)) continue;
      for (const o of d.options) {
        if (knownDriverOption(d, o)) continue;
        report(o, driverOptionNames(d), d);
      }
    }

    function report(o: EximOption, candidates: string[], d?: EximDriverInstance) {
      const suggestion = closestName(o.name, candidates);
      const data = { name: o.rawName, version: "4.96", ...(d ? { driver: d.driver!, kind: d.kind, instance: d.name } : {}), ...(suggestion ? { suggestion } : {}) };
      ctx.report({
        range: o.nameRange,
        messageId: d ? (suggestion ? "suggestDriver" : "unknownDriver") : suggestion ? "suggestMain" : "unknownMain",
        data,
        fix: { description: suggestion ? `Rename ${o.rawName} to ${suggestion} if that is what was meant; otherwise remove the line.` : "Remove the line or correct the option name." },
        ...(o.via ? { via: o.via } : {}),
      });
    }
  },
});

function driverOptionNames(d: EximDriverInstance): string[] {
  const generic = Object.keys(eximOptions[`${d.kind}s`]);
  const priv = Object.keys(eximOptions.drivers[`${d.kind}s/${d.driver}`] ?? {});
  return [...generic, ...priv];
}
