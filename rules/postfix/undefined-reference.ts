import { definePostfixRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import { explicitParameter, isKnownParameter, knownParameterNames, type PostfixConfig } from "../../src/model/postfix/config.js";
import { referencedNames } from "../../src/model/postfix/expand.js";
import { referenceRange } from "../../src/model/postfix/locate.js";
import { builtinParameter } from "../../src/model/postfix/parameters.js";
import { closestName } from "../../src/model/postfix/suggest.js";

export default definePostfixRule({
  meta: {
    id: "postfix/undefined-reference",
    kind: "postfix",
    files: ["main.cf", "master.cf"],
    severity: Severity.Warning,
    summary: "A $name reference to a parameter that is not defined anywhere",
    messages: {
      undefined: "${name} refers to a parameter that is defined nowhere, so Postfix replaces it with an empty value",
      undefinedSuggest:
        "${name} refers to a parameter that is defined nowhere, so Postfix replaces it with an empty value; did you mean ${suggestion}?",
    },
  },
  docs: {
    why: "An undefined $name expands to nothing: a map path loses its directory, a restriction list loses an element, a hostname becomes empty. postconf only warns about it when asked to expand.",
    bad: { "main.cf": "myhostname = mx.example.org\nsmtpd_banner = $myhostnme ESMTP\n" },
    good: { "main.cf": "myhostname = mx.example.org\nsmtpd_banner = $myhostname ESMTP\n" },
    fix: "Correct the name, define the parameter in main.cf, or remove the reference.",
    related: ["postfix/unknown-parameter", "exim/undefined-macro", "exim/undefined-named-list"],
    references: [
      { title: "postconf(5): $name expansion in main.cf values (an undefined name expands to nothing)", url: "https://www.postfix.org/postconf.5.html" },
      { title: "postconf(1): postconf -n and -x show what main.cf sets and expands to", url: "https://www.postfix.org/postconf.1.html" },
    ],
  },
  check(ctx) {
    const { config } = ctx;
    const text = (file: string) => (config.mainCf?.source.path === file ? config.mainCf.source.text : config.masterCf?.source.text ?? "");
    let known: string[] | undefined;
    const check = (value: string, valueRange: Parameters<typeof referenceRange>[1]) => {
      for (const name of referencedNames(value)) {
        if (isDefined(config, name)) continue;
        known ??= knownParameterNames(config);
        const suggestion = closestName(name, known);
        ctx.report({
          range: referenceRange(text(valueRange.file), valueRange, name),
          messageId: suggestion ? "undefinedSuggest" : "undefined",
          data: suggestion ? { name, suggestion } : { name },
          fix: { description: suggestion ? `Write $${suggestion} if that is what was meant, or define ${name} in main.cf.` : `Define ${name} in main.cf or remove the reference.` },
        });
      }
    };
    for (const name of config.definitions.keys()) {
      // Raw parameters hold run-time macros ($recipient, $rbl_code...) that are not parameters.
      if (!isKnownParameter(config, name) || builtinParameter(name)?.raw) continue;
      const p = explicitParameter(config, name)!;
      check(p.value, p.valueRange);
    }
    for (const s of config.masterCf?.services ?? []) {
      for (const o of s.overrides) {
        if (builtinParameter(o.name)?.raw) continue;
        check(o.value, o.valueRange);
      }
    }
  },
});

function isDefined(config: PostfixConfig, name: string): boolean {
  if (isKnownParameter(config, name) || config.definitions.has(name)) return true;
  // $service_name and -o names used within the same service are defined there.
  if (name === "service_name") return true;
  return (config.masterCf?.services ?? []).some((s) => s.overrides.some((o) => o.name === name));
}
