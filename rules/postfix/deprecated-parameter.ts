import { definePostfixRule, type TextEdit } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import { postfixParameterFact, type PostfixParameterFact } from "../../src/model/drift/postfix.js";
import { memoized } from "../../src/model/postfix/config.js";
import { writtenSettings, type WrittenSetting } from "../../src/model/drift/postfix-settings.js";
import { describeTarget, postfixTarget } from "../../src/model/drift/target.js";
import { atOrAfter } from "../../src/model/drift/version.js";

export default definePostfixRule({
  meta: {
    id: "postfix/deprecated-parameter",
    kind: "postfix",
    files: ["main.cf", "master.cf"],
    severity: Severity.Warning,
    summary: "A parameter that the target Postfix release deprecates, with its replacement",
    messages: {
      deprecated: "{name} is deprecated since Postfix {deprecated}{removal}: {advice} (target: {target})",
    },
  },
  docs: {
    why: "Postfix 3.9 and later warn about parameters they will remove, and a later release drops them without refusing the configuration: the setting then silently stops applying. Moving to the replacement now keeps the behaviour across the next upgrade.",
    bad: { "main.cf": "smtpd_tls_cert_file = /etc/ssl/certs/mx.pem\nsmtpd_tls_key_file = /etc/ssl/private/mx.key\nsmtpd_use_tls = yes\n" },
    good: { "main.cf": "smtpd_tls_cert_file = /etc/ssl/certs/mx.pem\nsmtpd_tls_key_file = /etc/ssl/private/mx.key\nsmtpd_tls_security_level = may\n" },
    fix: "Replace the line by the setting the message gives (for the *_use_tls and *_enforce_tls family the value is computed from yours), or delete it where the message says it has no effect.",
    related: ["postfix/compat-level-drift", "postfix/parameter-too-new", "postfix/removed-parameter", "postfix/removed-restriction", "exim/deprecated-option"],
    references: [
      { title: "postconf(5): every parameter, its default and the release that added it", url: "https://www.postfix.org/postconf.5.html" },
      { title: "postconf(5): smtpd_tls_security_level", url: "https://www.postfix.org/postconf.5.html#smtpd_tls_security_level" },
    ],
  },
  check(ctx) {
    const target = postfixTarget(ctx.config, ctx.settings);
    const written = memoized(ctx.config, "written settings", () => writtenSettings(ctx.config));
    for (const s of written) {
      const f = postfixParameterFact(s.name);
      if (!f?.deprecated || !atOrAfter(target.version, f.deprecated)) continue;
      if (f.removed && atOrAfter(target.version, f.removed)) continue;
      const replacementSet = f.replacement !== undefined && written.some((w) => w.name === f.replacement && w.service === s.service);
      const { advice, edit } = adviceFor(s, f, replacementSet);
      ctx.report({
        range: s.nameRange,
        messageId: "deprecated",
        data: {
          name: s.name,
          deprecated: f.deprecated,
          removal: f.removed ? ` and removed in ${f.removed}` : "",
          advice,
          target: describeTarget("Postfix", target),
        },
        fix: { description: `${advice[0]!.toUpperCase()}${advice.slice(1)}.`, ...(edit ? { edits: [edit] } : {}) },
      });
    }
  },
});

/** What to write instead, computed from the old value where Postfix defines the mapping; an edit only where it is exact. */
function adviceFor(s: WrittenSetting, f: PostfixParameterFact, replacementSet: boolean): { advice: string; edit?: TextEdit } {
  if (!f.replacement) return { advice: f.note ?? "delete the line" };
  if (replacementSet) return { advice: `${f.replacement} is already set, which takes precedence: delete this line` };
  const value = f.rename ? s.value : f.values?.[s.value.trim().toLowerCase()];
  if (value === undefined) return { advice: `use ${f.replacement} instead${f.note ? ` (${f.note})` : ""}` };
  const text = s.service ? `-o ${f.replacement}=${value}` : `${f.replacement} = ${value}`;
  return { advice: `use "${f.replacement} = ${value}" instead`, edit: { range: s.range, text } };
}
