import type { Range } from "../../src/ast/range.js";
import { defineEximRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";
import type { EximLintInput } from "../../src/lint-exim.js";

/** Upper-case words with an underscore: how macros are written (spec: macro names start with an upper-case letter). */
const MACRO_LIKE = /(?<![\w$-])[A-Z][A-Z0-9]*_[A-Z0-9_]+(?![\w-])/g;

export default defineEximRule<"undefined", EximLintInput>({
  meta: {
    id: "exim/undefined-macro",
    kind: "exim",
    files: ["exim.conf", "exim4.conf.template", "conf.d/*"],
    severity: Severity.Warning,
    summary: "A value still holds a macro-style NAME that no macro defines",
    messages: {
      undefined: "{name} looks like a macro but no macro of that name is defined, so Exim uses the word {name} literally",
    },
  },
  docs: {
    why: "Exim replaces only defined macros; an undefined one stays in the value as plain text. In a Debian split configuration this usually means a macro was renamed or its defining file was removed by an update, so an ACL name, a path or a list silently becomes a literal word.",
    bad: { "exim.conf": "primary_hostname = mx.example.org\nacl_smtp_rcpt = MAIN_ACL_CHECK_RCPT\nbegin acl\nacl_check_rcpt:\n  accept\n" },
    good: { "exim.conf": "MAIN_ACL_CHECK_RCPT = acl_check_rcpt\nprimary_hostname = mx.example.org\nacl_smtp_rcpt = MAIN_ACL_CHECK_RCPT\nbegin acl\nacl_check_rcpt:\n  accept\n" },
    fix: "Define the macro (NAME = value) before it is used, or write the value directly.",
    related: ["exim/include-problem", "exim/undefined-acl", "exim/undefined-named-list", "postfix/undefined-reference"],
    references: [
      { title: "Exim specification: The Exim runtime configuration file — Macros in the configuration file", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-the_exim_runtime_configuration_file.html#SECTmacrodefs" },
    ],
  },
  check(ctx) {
    const { config } = ctx.config;
    const defined = new Set(config.macros.map((m) => m.name));
    const seen = new Set<string>();
    const scan = (value: string | undefined, range: Range | undefined, via?: string[]) => {
      if (value === undefined || !range) return;
      for (const m of value.matchAll(MACRO_LIKE)) {
        const name = m[0];
        if (defined.has(name) || name.startsWith("_")) continue;
        const exact = range.end - range.start === value.length;
        const r = exact ? { file: range.file, start: range.start + m.index, end: range.start + m.index + name.length } : range;
        const key = `${r.file}:${r.start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        ctx.report({
          range: r,
          messageId: "undefined",
          data: { name },
          fix: { description: `Define ${name} = ... before this line, or replace ${name} with the intended value.` },
          ...(via ? { via } : {}),
        });
      }
    };
    for (const o of config.mainOptions) scan(o.value, o.valueRange, o.via);
    for (const l of config.namedLists) scan(l.value, l.valueRange, l.via);
    for (const d of [...config.routers, ...config.transports, ...config.authenticators]) for (const o of d.options) scan(o.value, o.valueRange, o.via);
    for (const a of config.acls) for (const st of a.statements) for (const c of st.conditions) scan(c.value, c.valueRange, c.via);
  },
});
