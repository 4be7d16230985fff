import { definePostfixRule } from "../../src/engine/rule.js";
import { Severity } from "../../src/engine/severity.js";

export default definePostfixRule({
  meta: {
    id: "postfix/syntax",
    kind: "postfix",
    files: ["main.cf", "master.cf"],
    severity: Severity.Error,
    summary: "main.cf or master.cf text that Postfix cannot read as written",
    messages: { syntax: "{message}" },
  },
  docs: {
    why:
      "Postfix stops with a fatal error on a main.cf line without \"=\" and on a master.cf entry with fewer than eight fields, so no mail is accepted after the next reload. Lines that Postfix silently ignores (an indented line with nothing before it, an -o without name=value) hide settings the admin believes are active.",
    bad: { "main.cf": "myhostname = mx.example.org\nmydomain example.org\n" },
    good: { "main.cf": "myhostname = mx.example.org\nmydomain = example.org\n" },
    fix: "Write each main.cf setting as name = value on a line that starts in column 1, indent only continuation lines, and give every master.cf service all eight columns.",
    related: ["postfix/duplicate-parameter", "postfix/master-unknown-override", "exim/syntax"],
    references: [
      { title: "postconf(5): the main.cf file format", url: "https://www.postfix.org/postconf.5.html" },
      { title: "master(5): the master.cf file format", url: "https://www.postfix.org/master.5.html" },
    ],
  },
  check(ctx) {
    for (const d of ctx.config.diagnostics) {
      if (d.code !== "postfix/syntax") continue;
      ctx.report({
        range: d.range,
        messageId: "syntax",
        data: { message: d.message },
        severity: d.severity,
        fix: { description: fixFor(d.detail) },
      });
    }
  },
});

const FIXES: Record<string, string> = {
  "missing-equals": 'Add "=" between the parameter name and its value, or turn the line into a comment with "#".',
  "missing-name": 'Put the parameter name before the "=", or remove the line.',
  "orphan-line": "Remove the leading whitespace so the line starts a setting, or delete it; only continuation lines are indented.",
  "field-count": "Give the service all eight columns: service type private unpriv chroot wakeup maxproc command (- for a default).",
  "bad-override": "Write the override as -o name=value (or -o { name = value }).",
  "byte-order-mark": "Save the file as UTF-8 without a byte order mark, e.g. sed -i '1s/^\\xEF\\xBB\\xBF//' FILE.",
  "field-value":
    'Use what master(5) allows in that column: type inet, unix, unix-dgram, fifo or pass; private, unpriv and chroot y, n or -; wakeup a number of seconds (optionally followed by "?") or -; maxproc a number or -.',
  "expansion-error":
    'Make the value expand: break the $name loop (a parameter must not refer back to itself), close every ${...} and $(...), and write $$ for a literal "$".',
  "read-only": "Delete the assignment: Postfix sets process_id, process_name and service_name for each program itself.",
  "bad-value": "Set mynetworks explicitly, or use a value Postfix knows: mynetworks_style = host, subnet or class; inet_protocols = all, ipv4 and/or ipv6.",
};

function fixFor(detail: string | undefined): string {
  return (detail && FIXES[detail]) || "Correct the text so Postfix reads it as intended.";
}
