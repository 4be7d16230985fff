import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SourceFile } from "../../src/ast/range.js";
import type { LintSettings } from "../../src/engine/settings.js";
import { applySuppressions, parseDirectives, type SuppressOptions } from "../../src/engine/suppress.js";
import { lint } from "../../src/lint.js";

/** The rules these cases are written for; other rules (relay checks...) are not the subject here. */
const RULES = ["postfix/duplicate-parameter", "postfix/undefined-reference", "postfix/unknown-parameter"];

/** Lint a real main.cf, apply the disable comments, return the findings as "line:column ruleId". */
function suppressed(mainCf: string, options: SuppressOptions = {}, settings?: LintSettings): string[] {
  const dir = mkdtempSync(join(tmpdir(), "mtalint-suppress-"));
  writeFileSync(join(dir, "main.cf"), mainCf);
  const result = applySuppressions(lint([dir], { ruleIds: RULES, ...(settings ? { settings } : {}) }), {
    ruleIds: RULES,
    ...options,
    ...(settings ? { settings } : {}),
  });
  const file = result.files[0]!;
  return file.findings.map((f) => {
    const at = file.source!.lineColumn(f.range);
    return `${at.line}:${at.column} ${f.ruleId}`;
  });
}

const HOST = "myhostname = mx.example.org\n";

describe("disable comments", () => {
  it.each<{ name: string; text: string; expected: string[] }>([
    {
      name: "without a comment both findings stay (control)",
      text: `${HOST}message_size_limt = 1\nsmtpd_banner = $myhostnme ESMTP\n`,
      expected: ["2:1 postfix/unknown-parameter", "3:16 postfix/undefined-reference"],
    },
    {
      name: "next-line with one rule hides only that rule on the next line",
      text: `${HOST}# mtalint-disable-next-line postfix/unknown-parameter\nmessage_size_limt = 1\nsmtpd_banner = $myhostnme ESMTP\n`,
      expected: ["4:16 postfix/undefined-reference"],
    },
    {
      name: "next-line naming another rule hides nothing",
      text: `${HOST}# mtalint-disable-next-line postfix/undefined-reference\nmessage_size_limt = 1\n`,
      expected: ["3:1 postfix/unknown-parameter"],
    },
    {
      name: "blank lines and comments between the comment and the setting are skipped",
      text: `${HOST}# mtalint-disable-next-line postfix/unknown-parameter\n\n# the vendor patch reads this\n\nmessage_size_limt = 1\n`,
      expected: [],
    },
    {
      name: "an indented setting line continues the logical line (postconf(5)), so it is covered too",
      text: `${HOST}# mtalint-disable-next-line postfix/undefined-reference\nsmtpd_banner = ESMTP\n  $myhostnme\nalias_maps = $aliasmaps\n`,
      expected: ["5:14 postfix/undefined-reference"],
    },
    {
      name: "next-line without a rule hides every rule on that line only",
      text: `${HOST}# mtalint-disable-next-line\nmessage_size_limt = $myhostnme\nqueue_lifetim = 5d\n`,
      expected: ["4:1 postfix/unknown-parameter"],
    },
    {
      name: "two rules, comma- or space-separated, with a -- reason",
      text: `${HOST}# mtalint-disable-next-line postfix/unknown-parameter,postfix/undefined-reference -- vendor patch\nmessage_size_limt = $myhostnme\n# mtalint-disable-next-line postfix/unknown-parameter postfix/undefined-reference\nqueue_lifetim = $myhostnme\n`,
      expected: [],
    },
    {
      name: "an indented comment is still a directive",
      text: `${HOST}   # mtalint-disable-next-line postfix/unknown-parameter\nmessage_size_limt = 1\n`,
      expected: [],
    },
    {
      name: "disable covers the rest of the file, not the lines above",
      text: `${HOST}queue_lifetim = 5d\n# mtalint-disable postfix/unknown-parameter\nmessage_size_limt = 1\nbounce_queue_lifetim = 1d\nsmtpd_banner = $myhostnme\n`,
      expected: ["2:1 postfix/unknown-parameter", "6:16 postfix/undefined-reference"],
    },
    {
      name: "disable without a rule covers everything below",
      text: `${HOST}queue_lifetim = 5d\n# mtalint-disable\nmessage_size_limt = $myhostnme\n`,
      expected: ["2:1 postfix/unknown-parameter"],
    },
    {
      name: "text that only mentions the directive is not one",
      text: `${HOST}# see mtalint-disable-next-line in the docs\nmessage_size_limt = 1\n# mtalint-disable-next-linex postfix/unknown-parameter\nqueue_lifetim = 5d\n`,
      expected: ["3:1 postfix/unknown-parameter", "5:1 postfix/unknown-parameter"],
    },
  ])("$name", ({ text, expected }) => {
    expect(suppressed(text)).toEqual(expected);
  });
});

describe("unused disable comments (--report-unused-disables)", () => {
  const report = { reportUnused: true };
  it.each<{ name: string; text: string; options?: SuppressOptions; settings?: LintSettings; expected: string[] }>([
    {
      name: "a comment that hides a finding is used",
      text: `${HOST}# mtalint-disable-next-line postfix/unknown-parameter\nmessage_size_limt = 1\n`,
      expected: [],
    },
    {
      name: "a comment over a clean line is reported at the rule id",
      text: `${HOST}# mtalint-disable-next-line postfix/unknown-parameter\nmessage_size_limit = 1\n`,
      expected: ["2:29 mtalint/unused-disable"],
    },
    {
      name: "of two ids only the unused one is reported",
      text: `${HOST}# mtalint-disable-next-line postfix/unknown-parameter, postfix/undefined-reference\nmessage_size_limt = 1\n`,
      expected: ["2:56 mtalint/unused-disable"],
    },
    {
      name: "a bare comment that hides nothing is reported at the comment",
      text: `${HOST}# mtalint-disable-next-line\nmydomain = example.org\n`,
      expected: ["2:1 mtalint/unused-disable"],
    },
    {
      name: "a comment at the end of the file covers nothing",
      text: `${HOST}# mtalint-disable-next-line postfix/unknown-parameter\n`,
      expected: ["2:29 mtalint/unused-disable"],
    },
    {
      name: "an unknown rule id is reported even when other ids are used",
      text: `${HOST}# mtalint-disable-next-line postfix/unknown-parameter postfix/unknwn-parameter\nmessage_size_limt = 1\n`,
      expected: ["2:55 mtalint/unused-disable"],
    },
    {
      name: "not reported without the option",
      text: `${HOST}# mtalint-disable-next-line postfix/unknown-parameter\nmessage_size_limit = 1\n`,
      options: {},
      expected: [],
    },
    {
      name: "a rule turned off in the config cannot prove its comment unused",
      text: `${HOST}# mtalint-disable-next-line postfix/unknown-parameter\nmessage_size_limit = 1\n`,
      settings: { rules: { "postfix/unknown-parameter": "off" } },
      expected: [],
    },
    {
      name: "a rule left out by --rule cannot either",
      text: `${HOST}# mtalint-disable-next-line postfix/unknown-parameter\nmessage_size_limit = 1\n`,
      options: { reportUnused: true, ruleIds: ["postfix/syntax"] },
      expected: [],
    },
    {
      name: "mtalint/unused-disable set to off in the config silences the report",
      text: `${HOST}# mtalint-disable-next-line postfix/unknown-parameter\nmessage_size_limit = 1\n`,
      settings: { rules: { "mtalint/unused-disable": "off" } },
      expected: [],
    },
  ])("$name", ({ text, options, settings, expected }) => {
    expect(suppressed(text, options ?? report, settings)).toEqual(expected);
  });

  it("the finding is a warning naming the rule and offering to delete a single-id comment", () => {
    const dir = mkdtempSync(join(tmpdir(), "mtalint-suppress-"));
    writeFileSync(join(dir, "main.cf"), `${HOST}# mtalint-disable-next-line postfix/unknown-parameter\nmessage_size_limit = 1\n`);
    const result = applySuppressions(lint([dir], { ruleIds: RULES }), { ...report, ruleIds: RULES });
    const f = result.files[0]!.findings[0]!;
    expect(f.severity).toBe("warning");
    expect(f.message).toBe("postfix/unknown-parameter is disabled here but reports nothing on the next line");
    expect(f.fix.edits).toEqual([{ range: { file: join(dir, "main.cf"), start: HOST.length, end: HOST.length + 54 }, text: "" }]);
    expect(result.summary).toEqual({ errors: 0, warnings: 1, infos: 0 });
  });

  it("an unknown id gets a did-you-mean", () => {
    const dir = mkdtempSync(join(tmpdir(), "mtalint-suppress-"));
    writeFileSync(join(dir, "main.cf"), `${HOST}# mtalint-disable postfix/duplicate-parameters\n`);
    const f = applySuppressions(lint([dir], { ruleIds: RULES }), { ...report, ruleIds: RULES }).files[0]!.findings[0]!;
    expect(f.message).toBe('Disable comment names an unknown rule id "postfix/duplicate-parameters" (did you mean "postfix/duplicate-parameter"?)');
  });
});

describe("parseDirectives", () => {
  it("Exim: a trailing backslash continues the logical line (spec ch. 6)", () => {
    const text = "# mtalint-disable-next-line exim/syntax\nacl_smtp_rcpt = ${if eq{1}{1} \\\n  {acl_check_rcpt}}\nprimary_hostname = mx\n";
    const [d] = parseDirectives(new SourceFile("/x/exim.conf", text), "exim");
    expect(d!.scope).toBe("next-line");
    expect(d!.rules.map((r) => [r.id, r.ruleId])).toEqual([["exim/syntax", "exim/syntax"]]);
    expect(text.slice(d!.covers.start, d!.covers.end)).toBe("acl_smtp_rcpt = ${if eq{1}{1} \\\n  {acl_check_rcpt}}\n");
  });

  it("Exim: an indented line without a backslash before it is a new logical line", () => {
    const text = "# mtalint-disable-next-line\nprimary_hostname = mx\n  qualify_domain = example.org\n";
    const [d] = parseDirectives(new SourceFile("/x/exim.conf", text), "exim");
    expect(text.slice(d!.covers.start, d!.covers.end)).toBe("primary_hostname = mx\n");
  });

  it("CRLF line ends do not end up in the directive", () => {
    const text = "# mtalint-disable-next-line postfix/syntax\r\nmydomain example.org\r\n";
    const [d] = parseDirectives(new SourceFile("/x/main.cf", text), "postfix");
    expect(d!.rules.map((r) => r.id)).toEqual(["postfix/syntax"]);
    expect(text.slice(d!.range.start, d!.range.end)).toBe("# mtalint-disable-next-line postfix/syntax");
  });
});
