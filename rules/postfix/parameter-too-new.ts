import { definePostfixRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import { parameterExistsIn, parameterSince, postfixParameterFact } from "../../src/model/drift/postfix.js";
import { memoized } from "../../src/model/postfix/config.js";
import { writtenSettings } from "../../src/model/drift/postfix-settings.js";
import { describeTarget, postfixTarget } from "../../src/model/drift/target.js";
import { atOrAfter } from "../../src/model/drift/version.js";

export default definePostfixRule({
  meta: {
    id: "postfix/parameter-too-new",
    kind: "postfix",
    files: ["main.cf", "master.cf"],
    severity: Severity.Warning,
    summary: "A parameter that appeared after the target Postfix release",
    messages: {
      tooNew: "{name} appeared in Postfix {since}; Postfix {version} does not have it and ignores this setting (target: {target}; source: {source})",
    },
  },
  docs: {
    why: "A configuration written for a newer Postfix, or copied from current documentation, may set parameters an older server does not have. Postfix only logs \"unused parameter\" and carries on without the setting, so the protection or limit it was meant to add is missing.",
    bad: { "main.cf": "compatibility_level = 2\nsmtpd_relay_before_recipient_restrictions = yes\n" },
    good: { "main.cf": "compatibility_level = 3.6\nsmtpd_relay_before_recipient_restrictions = yes\n" },
    fix: "Upgrade Postfix to the release the message names, or remove the setting and get the behaviour another way on this release.",
    related: ["postfix/deprecated-parameter", "postfix/removed-parameter", "postfix/unknown-parameter", "exim/option-too-new"],
    references: [
      { title: "postconf(5): every parameter, its default and the release that added it", url: "https://www.postfix.org/postconf.5.html" },
    ],
  },
  check(ctx) {
    const target = postfixTarget(ctx.config, ctx.settings);
    for (const s of memoized(ctx.config, "written settings", () => writtenSettings(ctx.config))) {
      if (parameterExistsIn(s.name, target.version) !== false) continue;
      const removed = postfixParameterFact(s.name)?.removed;
      if (removed && atOrAfter(target.version, removed)) continue; // postfix/removed-parameter says it
      const since = parameterSince(s.name)!;
      ctx.report({
        range: s.nameRange,
        messageId: "tooNew",
        data: { name: s.name, since: since.version, version: target.version, target: describeTarget("Postfix", target), source: `${since.source.file} of Postfix ${since.source.release}` },
        fix: { description: `Upgrade to Postfix ${since.version} or later, or delete this line.` },
      });
    }
  },
});
