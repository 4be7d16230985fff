import { definePostfixRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";

export default definePostfixRule({
  meta: {
    id: "postfix/duplicate-parameter",
    kind: "postfix",
    files: ["main.cf"],
    severity: Severity.Warning,
    summary: "A main.cf parameter is set more than once",
    messages: {
      duplicate: "{name} is set again on line {laterLine}; Postfix uses that value and ignores this one",
    },
  },
  docs: {
    why: "Postfix keeps the last assignment, so later edits to the earlier line silently do nothing; control panels and update scripts often append a second copy.",
    bad: { "main.cf": "myhostname = mx.example.org\nmynetworks = 127.0.0.0/8\nmynetworks = 127.0.0.0/8 [::1]/128\n" },
    good: { "main.cf": "myhostname = mx.example.org\nmynetworks = 127.0.0.0/8 [::1]/128\n" },
    fix: "Delete the earlier line, or merge both values into the last one.",
    related: ["postfix/syntax", "exim/duplicate-option"],
    references: [
      { title: "postconf(5): the main.cf file format (the last setting of a parameter wins)", url: "https://www.postfix.org/postconf.5.html" },
    ],
  },
  check(ctx) {
    const { config } = ctx;
    const source = config.mainCf?.source;
    if (!source) return;
    for (const defs of config.definitions.values()) {
      if (defs.length < 2) continue;
      const last = defs[defs.length - 1]!;
      const name = last.name;
      const laterLine = source.positionAt(last.range.start).line;
      for (const p of defs.slice(0, -1)) {
        // Deleting an overridden line does not change what Postfix does: a safe edit.
        const lineStart = source.offsetOfLine(source.positionAt(p.range.start).line);
        const next = source.positionAt(p.range.end).line;
        const lineEnd = next < source.lineStarts.length ? source.lineStarts[next]! : source.text.length;
        ctx.report({
          range: p.nameRange,
          messageId: "duplicate",
          data: { name, laterLine },
          fix: {
            description: `Delete this line (line ${laterLine} is the one in effect), or merge the two values there.`,
            edits: [{ range: source.range(lineStart, lineEnd), text: "" }],
          },
        });
      }
    }
  },
});
