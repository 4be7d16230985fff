import { definePostfixRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import { postfixParameterFact } from "../../src/model/drift/postfix.js";
import { memoized } from "../../src/model/postfix/config.js";
import { writtenSettings } from "../../src/model/drift/postfix-settings.js";
import { describeTarget, postfixTarget } from "../../src/model/drift/target.js";
import { atOrAfter } from "../../src/model/drift/version.js";

export default definePostfixRule({
  meta: {
    id: "postfix/removed-parameter",
    kind: "postfix",
    files: ["main.cf", "master.cf"],
    severity: Severity.Error,
    summary: "A parameter that the target Postfix release no longer has",
    messages: {
      removed: "{name} was removed in Postfix {removed}; Postfix {version} ignores it, so this setting does nothing (target: {target})",
      removedReplaced: "{name} was removed in Postfix {removed}; Postfix {version} ignores it, so this setting does nothing: use {replacement} instead (target: {target})",
    },
  },
  docs: {
    why: "Postfix does not refuse a parameter it no longer has: postconf prints \"unused parameter\" and every daemon silently ignores the line. A cipher list or a reuse limit carried over from an old release then simply stops applying after the upgrade.",
    bad: { "main.cf": "smtp_connection_cache_reuse_limit = 10\n" },
    good: { "main.cf": "smtp_connection_reuse_time_limit = 300s\n" },
    fix: "Delete the line, or move its intent to the replacement parameter named in the message (the values are not always the same kind: check postconf(5)).",
    related: ["postfix/compat-level-drift", "postfix/deprecated-parameter", "postfix/parameter-too-new", "postfix/unknown-parameter", "exim/removed-option"],
    references: [
      { title: "postconf(5): every parameter, its default and the release that added it", url: "https://www.postfix.org/postconf.5.html" },
      { title: "postconf(5): smtp_connection_reuse_time_limit", url: "https://www.postfix.org/postconf.5.html#smtp_connection_reuse_time_limit" },
    ],
  },
  check(ctx) {
    const target = postfixTarget(ctx.config, ctx.settings);
    for (const s of memoized(ctx.config, "written settings", () => writtenSettings(ctx.config))) {
      const f = postfixParameterFact(s.name);
      if (!f?.removed || !atOrAfter(target.version, f.removed)) continue;
      const data = { name: s.name, removed: f.removed, version: target.version, target: describeTarget("Postfix", target) };
      ctx.report({
        range: s.nameRange,
        messageId: f.replacement ? "removedReplaced" : "removed",
        data: f.replacement ? { ...data, replacement: f.replacement } : data,
        fix: { description: f.replacement ? `Set ${f.replacement} instead${f.note ? ` (${f.note})` : ""} and delete this line.` : `Delete this line${f.note ? `: ${f.note}` : ""}.` },
      });
    }
  },
});
