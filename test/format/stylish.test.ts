import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatStylish } from "../../src/format/stylish.js";
import { lint } from "../../src/lint.js";
import { findingsOf, fixedResult, options, repoRoot } from "./fixture.js";

// eslint-disable-next-line no-control-regex
const stripAnsi = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, "");

function lintText(mainCf: string) {
  const dir = mkdtempSync(join(tmpdir(), "mtalint-stylish-"));
  writeFileSync(join(dir, "main.cf"), mainCf);
  // Only the rule these cases frame; relay rules would report the minimal configs too.
  return { dir, result: lint([dir], { ruleIds: ["postfix/undefined-reference", "postfix/syntax"] }) };
}

/** The code-frame lines of the first finding: [source line, caret line], gutters removed. */
function frame(out: string): [string, string] {
  const lines = out.split("\n").filter((l) => /^ {4}\s*\d* \| /.test(l));
  const strip = (l: string) => l.replace(/^ {4}\s*\d* \| /, "");
  return [strip(lines[0]!), strip(lines[1]!)];
}

describe("stylish formatter", () => {
  const result = fixedResult();
  const m = (rel: string, i: number) => findingsOf(result, rel)[i]!;

  it("groups by file, frames the line with a caret under the range, prints the fix and a summary", () => {
    const exim = m("mixed/exim/exim.conf", 0);
    const syntax = m("mixed/postfix/main.cf", 0);
    const undef = m("mixed/postfix/main.cf", 1);
    const dup = m("warnings/main.cf", 0);
    const unknown = m("warnings/main.cf", 1);
    expect(formatStylish(result, options)).toBe(
      [
        "test/fixtures/cli/mixed/exim/exim.conf",
        `  6:3  error  ${exim.message}  exim/syntax`,
        "    6 |   bogus_verb domains = +local_domains",
        "      |   ^^^^^^^^^^",
        `    fix: ${exim.fix.description}`,
        "",
        "test/fixtures/cli/mixed/postfix/main.cf",
        `  2:1  error  ${syntax.message}  postfix/syntax`,
        "    2 | mydomain example.org",
        "      | ^^^^^^^^^^^^^^^^^^^^",
        `    fix: ${syntax.fix.description}`,
        `  3:16  warning  ${undef.message}  postfix/undefined-reference`,
        "    3 | smtpd_banner = $myhostnme ESMTP",
        "      |                ^^^^^^^^^^",
        `    fix: ${undef.fix.description}`,
        "",
        "test/fixtures/cli/warnings/main.cf",
        `  3:1  warning  ${dup.message}  postfix/duplicate-parameter`,
        "    3 | mynetworks = 127.0.0.0/8",
        "      | ^^^^^^^^^^",
        `    fix: ${dup.fix.description}`,
        `  4:1  warning  ${unknown.message}  postfix/unknown-parameter`,
        "    4 | message_size_limt = 52428800",
        "      | ^^^^^^^^^^^^^^^^^",
        `    fix: ${unknown.fix.description}`,
        "",
        "✖ 5 problems (2 errors, 3 warnings, 0 infos)",
        "",
      ].join("\n"),
    );
  });

  it("with colour: same text plus ANSI codes, red for errors and yellow for warnings", () => {
    const coloured = formatStylish(result, { ...options, color: true });
    expect(coloured).not.toBe(formatStylish(result, options));
    expect(stripAnsi(coloured)).toBe(formatStylish(result, options));
    expect(coloured).toContain("\u001b[31merror\u001b[39m");
    expect(coloured).toContain("\u001b[33mwarning\u001b[39m");
  });

  it("without colour: no escape sequence at all", () => {
    expect(formatStylish(result, options)).not.toContain("\u001b");
  });

  it("a clean run says so and counts the files", () => {
    const clean = lint([join(repoRoot, "test/fixtures/cli/clean")]);
    expect(formatStylish(clean, options)).toBe("✔ no problems in 1 file\n");
  });

  it("a tab before the range: the caret line keeps the tab so the caret stays under the range", () => {
    const { result: r } = lintText("myhostname = mx.example.org\nsmtpd_banner =\t$myhostnme ESMTP\n");
    const [line, caret] = frame(formatStylish(r, options));
    expect(line).toBe("smtpd_banner =\t$myhostnme ESMTP");
    expect(caret).toBe(`${" ".repeat(14)}\t${"^".repeat(10)}`);
  });

  it("a very long line is cut to a window around the range, caret still under it", () => {
    const { result: r } = lintText(`myhostname = mx.example.org\nsmtpd_banner = ${"x".repeat(300)} $myhostnme\n`);
    const [line, caret] = frame(formatStylish(r, options));
    expect(line.startsWith("…")).toBe(true);
    expect([...line].length).toBeLessThanOrEqual(162);
    expect(caret.indexOf("^")).toBe(line.indexOf("$myhostnme"));
    expect(caret.trim()).toBe("^".repeat(10));
  });

  it("control characters in the config cannot reach the terminal", () => {
    const { result: r } = lintText("myhostname = mx.example.org\nsmtpd_banner = \u001b[2J$myhostnme\n");
    const out = formatStylish(r, options);
    expect(out).not.toContain("\u001b");
    expect(frame(out)[0]).toBe("smtpd_banner = ?[2J$myhostnme");
  });

  it("paths outside cwd are printed absolute", () => {
    const { dir, result: r } = lintText("myhostname = mx.example.org\nmydomain example.org\n");
    expect(formatStylish(r, options).split("\n")[0]).toBe(join(dir, "main.cf"));
  });
});
