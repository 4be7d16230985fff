import { defineEximRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import type { EximLintInput } from "../../src/lint-exim.js";
import { closestName } from "../../src/model/postfix/suggest.js";

/** A value that names an ACL (not inline ACL text, not a file, not an expansion). */
function aclName(value: string): string | undefined {
  const v = value.trim().replace(/^"(.*)"$/, "$1");
  return /^[A-Za-z0-9_.-]+$/.test(v) ? v : undefined;
}

export default defineEximRule<"option" | "condition", EximLintInput>({
  meta: {
    id: "exim/undefined-acl",
    kind: "exim",
    files: ["exim.conf", "exim4.conf.template", "conf.d/*"],
    severity: Severity.Error,
    summary: "An acl_smtp_* option or acl = condition naming an ACL that is not defined",
    messages: {
      option: '{option} names the ACL "{name}", which is not defined in "begin acl"; Exim answers every {stage} with a temporary error',
      condition: 'acl = {name} calls an ACL that is not defined; the statement fails at run time with a temporary error',
    },
  },
  docs: {
    why: "Exim reads a single word in an acl_smtp_* option as an ACL name; when no such ACL exists it cannot run it and defers every command of that stage (for acl_smtp_rcpt: every recipient), so mail queues on the senders' side until it bounces.",
    bad: { "exim.conf": "primary_hostname = mx.example.org\nacl_smtp_rcpt = acl_check_rcpt\nbegin acl\nacl_check_rcp:\n  accept\n" },
    good: { "exim.conf": "primary_hostname = mx.example.org\nacl_smtp_rcpt = acl_check_rcpt\nbegin acl\nacl_check_rcpt:\n  accept\n" },
    fix: "Define the ACL under \"begin acl\" or correct the name in the option.",
    related: ["exim/undefined-macro", "exim/undefined-named-list"],
    references: [
      { title: "Exim specification: Access control lists", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-access_control_lists.html" },
    ],
  },
  check(ctx) {
    const { config } = ctx.config;
    const defined = new Set(config.acls.map((a) => a.name));
    for (const o of config.mainOptions) {
      if (!/^acl_(smtp|not_smtp)/.test(o.name) || o.value === undefined || !o.valueRange) continue;
      const name = aclName(o.value);
      if (!name || defined.has(name) || name.startsWith("/")) continue;
      const suggestion = closestName(name, defined);
      ctx.report({
        range: o.valueRange,
        messageId: "option",
        data: { option: o.name, name, stage: o.name.replace(/^acl_(smtp_)?/, "").toUpperCase() },
        fix: { description: suggestion ? `Write ${o.name} = ${suggestion}, or define the ACL ${name}.` : `Define the ACL ${name} under "begin acl", or correct the name.` },
        ...(o.via ? { via: o.via } : {}),
      });
    }
    for (const acl of config.acls) {
      for (const st of acl.statements) {
        for (const c of st.conditions) {
          if (c.name !== "acl" || c.value === undefined || !c.valueRange) continue;
          const name = aclName(c.value);
          if (!name || defined.has(name)) continue;
          const suggestion = closestName(name, defined);
          ctx.report({
            range: c.valueRange,
            messageId: "condition",
            data: { name },
            fix: { description: suggestion ? `Write acl = ${suggestion}, or define the ACL ${name}.` : `Define the ACL ${name} under "begin acl".` },
            ...(c.via ? { via: c.via } : {}),
          });
        }
      }
    }
  },
});
