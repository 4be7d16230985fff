import { definePostfixRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import { explicitParameter, isKnownParameter, knownParameterNames } from "../../src/model/postfix/config.js";
import { postfixParameterFact } from "../../src/model/drift/postfix.js";
import { closestName } from "../../src/model/postfix/suggest.js";

export default definePostfixRule({
  meta: {
    id: "postfix/unknown-parameter",
    kind: "postfix",
    files: ["main.cf"],
    severity: Severity.Warning,
    summary: "A main.cf parameter that Postfix does not know and nothing refers to",
    messages: {
      unknown: "{name} is not a Postfix parameter and nothing refers to it as ${name}, so Postfix ignores this setting",
      unknownSuggest:
        "{name} is not a Postfix parameter and nothing refers to it as ${name}, so Postfix ignores this setting; did you mean {suggestion}?",
    },
  },
  docs: {
    why:
      "Postfix silently ignores a misspelt or removed parameter (postconf only prints \"unused parameter\"), so the admin believes a limit, a restriction or a TLS setting is active when it is not. User-defined parameters are legitimate only when another setting refers to them as $name.",
    bad: { "main.cf": "myhostname = mx.example.org\nmessage_size_limt = 52428800\n" },
    good: { "main.cf": "myhostname = mx.example.org\nmessage_size_limit = 52428800\n" },
    fix: "Correct the name (see the suggestion), delete the line, or refer to the parameter from another setting if it is meant as a user-defined one.",
    related: ["postfix/master-unknown-override", "postfix/parameter-too-new", "postfix/removed-parameter", "postfix/undefined-reference", "exim/unknown-option"],
    references: [
      { title: "postconf(5): every parameter, its default and the release that added it", url: "https://www.postfix.org/postconf.5.html" },
      { title: "postconf(1): postconf -n and -x show what main.cf sets and expands to", url: "https://www.postfix.org/postconf.1.html" },
    ],
  },
  check(ctx) {
    const { config } = ctx;
    let names: string[] | undefined;
    for (const name of config.definitions.keys()) {
      // Names with a release history (removed, renamed, newer) are judged by the drift rules against the target version.
      if (isKnownParameter(config, name) || name === "config_directory" || postfixParameterFact(name)) continue;
      const p = explicitParameter(config, name)!;
      names ??= knownParameterNames(config);
      const suggestion = closestName(name, names);
      ctx.report({
        range: p.nameRange,
        messageId: suggestion ? "unknownSuggest" : "unknown",
        data: suggestion ? { name, suggestion } : { name },
        fix: suggestion
          ? { description: `Rename ${name} to ${suggestion} if that is what was meant; otherwise delete the line.` }
          : { description: `Delete the line, or fix the name; \`postconf -d | grep\` lists the parameters this Postfix knows.` },
      });
    }
  },
});
